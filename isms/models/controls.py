"""controls: filled in by the ISMS controls work."""
