"""The auth tests' fixtures: the real SMTP server (aiosmtpd) of the notification tests."""

from tests.notifications.conftest import smtp  # noqa: F401 (a fixture)
