"""`flask routines ...`: the starter templates in and the current versions out."""

from __future__ import annotations

from learnapp.routines import bp

bp.cli.help = "Routines per department: starter templates and export."
