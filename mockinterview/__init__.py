"""mockinterview: offline, voice-first mock interview coach."""

__version__ = "0.1.0"
