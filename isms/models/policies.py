"""policies: filled in by the ISMS policies work."""
