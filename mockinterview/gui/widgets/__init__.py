"""Small reusable widgets of the interview screen: countdown, level meter, phase indicator,
refinement progress."""

from mockinterview.gui.widgets.countdown import CountdownLabel
from mockinterview.gui.widgets.level_meter import LevelMeter
from mockinterview.gui.widgets.phase_indicator import PhaseIndicator
from mockinterview.gui.widgets.refine_progress import RefineProgressView

__all__ = ["CountdownLabel", "LevelMeter", "PhaseIndicator", "RefineProgressView"]
