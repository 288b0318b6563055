"""context: filled in by the ISMS context work."""
