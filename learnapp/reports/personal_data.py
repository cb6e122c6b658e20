"""What the reports feature stores about a person, for the personal-data registry."""

from __future__ import annotations

from learnapp.personal_data import Section

SECTIONS = (
    Section(
        "saved_reports",
        order=100,
        claims={"saved_report.saved_by_id": "who saved a report; names no one once anonymised"},
    ),
)
