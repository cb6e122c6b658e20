"""Who may see what: the scope rule, which lives with the organisation it reads
(`learnapp/org/permissions.py`). Features import it from here; the organisation's own modules
import it from there, so that `org` imports nothing above it."""

from learnapp.org.permissions import (
    Scope,
    current_scope,
    get_person_or_404,
    get_unit_or_404,
    roles_required,
)

__all__ = ["Scope", "current_scope", "get_person_or_404", "get_unit_or_404", "roles_required"]
