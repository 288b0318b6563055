"""evidence: filled in by the ISMS evidence work."""
