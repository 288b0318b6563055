"""suppliers: filled in by the ISMS suppliers work."""

__all__ = []
