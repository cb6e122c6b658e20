"""Assignments and reporting: rules, stored statuses, manager and coordinator views, exports."""
