"""soa: filled in by the ISMS soa work."""
