"""What SCIM provisioning stores about a person, for the personal-data registry."""

from __future__ import annotations

from learnapp.personal_data import Section

_LINK = "the HR system's link to the person (ids, no more); the person's data is the profile"

SECTIONS = (
    Section(
        "scim",
        order=110,
        claims={
            "scim_user.person_id": _LINK,
            "scim_user.manager_id": _LINK,
            "scim_group_member.person_id": _LINK,
            "scim_pending.person_id": "a provisioning change waiting to be applied; applied or purged",
            "scim_token.created_by_id": "who made an API token; names no one once anonymised",
        },
    ),
)
