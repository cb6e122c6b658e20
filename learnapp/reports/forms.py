"""The report's choices (period and inventory) and "Spara som rapport"."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from learnapp.bounds import bounded_int, date_in_range

TEXT_MAX = 8000
NO_PERSONAL_DATA = _l(
    "Do not write anything about citizens, pupils or other named individuals here."
)


def optional_int(value: Any) -> int | None:
    return bounded_int(value)


class PeriodFields:
    """The period and the inventory, shared by the choice form and the save form."""

    start = DateField(_l("Period from"), validators=[DataRequired(), date_in_range])
    end = DateField(_l("Period to"), validators=[DataRequired(), date_in_range])
    inventory = SelectField(
        _l("Training-needs inventory"), coerce=optional_int, choices=[], validate_choice=False
    )

    def validate_end(self, field: Any) -> None:
        start = self.start.data
        if field.data and start and field.data < start:
            raise ValidationError(_l("The end of the period must not be before its start."))


class ChoiceForm(PeriodFields, FlaskForm):
    """GET: which period and inventory the report shows."""

    class Meta:
        csrf = False


class SaveForm(PeriodFields, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    meeting_on = DateField(
        _l("Committee meeting"),
        validators=[Optional()],
        description=_l("The date of the meeting the report is for, if known."),
    )
    assessment = TextAreaField(
        _l("The coordinator's assessment"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=NO_PERSONAL_DATA,
    )
    measures = TextAreaField(
        _l("Proposed measures"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        description=NO_PERSONAL_DATA,
    )
