"""Benchmarks that run against a dedicated PostgreSQL database, never the application's."""
