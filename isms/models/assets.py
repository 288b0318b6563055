"""assets: filled in by the ISMS assets work."""
