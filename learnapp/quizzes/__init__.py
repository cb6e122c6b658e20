"""Quizzes: the GIFT format, question banks, scored attempts, completions and certificates."""
