"""bank package."""
