"""corrective: filled in by the ISMS corrective work."""

__all__ = []
