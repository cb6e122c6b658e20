"""The organisation: departments, units, people, and who manages whom."""
