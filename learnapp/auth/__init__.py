"""Sign-in: local accounts, throttling, password change and reset."""
