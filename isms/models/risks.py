"""risks: filled in by the ISMS risks work."""
