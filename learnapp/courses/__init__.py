"""Courses as content: loaded from courses/, delivered lesson by lesson."""
