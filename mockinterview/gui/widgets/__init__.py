"""Small reusable widgets of the interview screen: countdown, level meter, phase indicator."""

from mockinterview.gui.widgets.countdown import CountdownLabel
from mockinterview.gui.widgets.level_meter import LevelMeter
from mockinterview.gui.widgets.phase_indicator import PhaseIndicator

__all__ = ["CountdownLabel", "LevelMeter", "PhaseIndicator"]
