"""audits: filled in by the ISMS audits work."""

__all__ = []
