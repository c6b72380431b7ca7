"""interview package."""
