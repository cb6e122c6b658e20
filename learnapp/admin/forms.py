"""Forms of the admin screens. Choices that come from the database are set by the view."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from learnapp.bounds import bounded_int, date_in_range
from learnapp.org.models import Role

#: A telephone number as people write it: "010-123 45 67", "+46 10 123 45 67".
PHONE = r"^\+?[0-9 ()\-]{3,40}$"

NO_PERSONAL_DATA = _l(
    "Do not write anything about citizens, pupils or other named individuals here."
)


#: The roles as the screens name them.
ROLE_LABELS = {
    Role.MANAGER.value: _l("Manager"),
    Role.COORDINATOR.value: _l("Coordinator"),
    Role.ADMIN.value: _l("Administrator"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DepartmentForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    code = StringField(
        _l("Short code"),
        validators=[
            DataRequired(),
            Length(max=20),
            Regexp(r"^[A-Za-z0-9ÅÄÖåäö_-]+$", message=_l("Letters, digits, - and _ only.")),
        ],
    )


def _int_or_zero(value: Any) -> int:
    return bounded_int(value) or 0


class UnitForm(FlaskForm):
    """A new unit: where it goes is fixed by the page it is made on (a department's top units,
    or the units below a unit), so only its name is typed."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    department = HiddenField(filters=[_int_or_zero])
    parent = HiddenField(filters=[_int_or_zero])


class RenameUnitForm(FlaskForm):
    name = StringField(_l("New name"), validators=[DataRequired(), Length(max=200)])


# The choices are the units the page offers (see learnapp.org.picker); any unit may be posted and
# the view checks that it exists.
class MoveUnitForm(FlaskForm):
    parent = SelectField(_l("Move below"), coerce=_int_or_zero, choices=[], validate_choice=False)


class MergeUnitForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=_int_or_zero, choices=[], validate_choice=False)
    confirm = BooleanField(
        _l("I understand that this unit is removed and everything in it moves."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Email(_l("Not a valid e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    employee_number = StringField(_l("Employee number"), validators=[Optional(), Length(max=40)])
    unit = SelectField(_l("Unit"), coerce=int, choices=[])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200)])
    is_key_person = BooleanField(_l("Key person"))
    key_function = StringField(
        _l("Key-person function"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example rektor or fältsekreterare."),
    )
    work_phone = StringField(
        _l("Work phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(PHONE, message=_l("Write digits, spaces, +, - or brackets only.")),
        ],
        description=_l("Shown in the routines' contacts. Leave empty if the person has none."),
    )
    language = RadioField(_l("Language"), default="sv")
    roles = MultiCheckboxField(_l("Roles"))
    managed = SelectMultipleField(
        _l("Units managed"),
        coerce=int,
        choices=[],
        description=_l(
            "A manager sees these units and every unit below them. Choosing units makes the "
            "person a manager; removing them all ends it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here rather than on the class: wtforms warns about tuple choices given up front.
        self.language.choices = [("sv", "Svenska"), ("en", "English")]
        # No "manager" here: that role follows the units managed (admin.services.set_scope).
        self.roles.choices = [
            (role, label) for role, label in ROLE_LABELS.items() if role != Role.MANAGER.value
        ]


class ImportForm(FlaskForm):
    file = FileField(
        _l("HR file (CSV)"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l(
            "UTF-8 or Windows-1252, separated by ; or , with a header row. At most 50 MB."
        ),
    )
    create_units = BooleanField(_l("Create missing departments and units"))
    deactivate_missing = BooleanField(
        _l("Deactivate people with an employee number who are not in the file")
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


class RetryImportForm(FlaskForm):
    """The "try again" button of a failed import (the CSRF token only)."""


class ConfirmForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that this cannot be undone."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    actor = StringField(_l("Done by (e-mail)"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From"), validators=[Optional(), date_in_range])
    date_to = DateField(_l("To"), validators=[Optional(), date_in_range])
