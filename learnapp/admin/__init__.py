"""Administration: people and organisation, HR import, personal data, the audit log."""
