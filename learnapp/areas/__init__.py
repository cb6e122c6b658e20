"""Competence areas: what needs are inventoried against and what courses cover (shared, below both)."""
