"""Notifications: the outbox every mail goes through, what is sent when, the calendar feed."""
