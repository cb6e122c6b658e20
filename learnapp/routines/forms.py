"""Forms for editors: a new routine, the draft, where it applies, publishing; admins: editors."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from learnapp.routines.models import MAX_BODY, MAX_SUMMARY

NO_PERSONAL_DATA = _l(
    "Do not write anything about citizens, pupils or other named individuals here."
)
TOO_LONG = _l("The text is too long: at most %(max)d characters.")


class DraftForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("In short: what you do"),
        validators=[Optional(), Length(max=MAX_SUMMARY, message=TOO_LONG)],
        description=_l("Three to five short steps, shown at the top of the routine. Markdown."),
    )
    body = TextAreaField(
        _l("The routine"),
        validators=[Optional(), Length(max=MAX_BODY, message=TOO_LONG)],
        description=_l(
            "Markdown: ## for a heading, - for a list, [text](https://…) for a link. "
            "Never write about citizens, pupils or other named individuals here."
        ),
    )
    revision = HiddenField()


class ScopeForm(FlaskForm):
    department = SelectField(_l("Applies to"), choices=[], validate_choice=False)
    units = SelectMultipleField(
        _l("Only these units (and the units below them)"),
        coerce=int,
        choices=[],
        description=_l("Leave empty for the whole department. Hold Ctrl to choose several."),
    )


class NewRoutineForm(DraftForm, ScopeForm):
    pass


class PublishForm(FlaskForm):
    kind = RadioField(
        _l("What kind of change is it?"),
        choices=[
            ("minor", _l("Minor: a typo or wording; nobody needs to acknowledge again")),
            ("major", _l("Major: what people do has changed; everyone must acknowledge again")),
        ],
        default="major",
    )
    change_note = StringField(
        _l("Change note"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("What changed and why, in one sentence. Shown in the version history."),
    )
    revision = IntegerField(validators=[DataRequired()])


class EditorForm(FlaskForm):
    email = EmailField(_l("The person's e-mail"), validators=[DataRequired(), Length(max=254)])
    department = SelectField(_l("Department"), coerce=int, choices=[])
