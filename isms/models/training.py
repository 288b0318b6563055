"""training: filled in by the ISMS training work."""

__all__ = []
