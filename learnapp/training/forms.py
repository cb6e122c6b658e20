"""Forms: an assignment rule, the people table's filters, a due date for assigning from needs."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from learnapp.org.models import Role
from learnapp.training.assign import MAX_DUE_DAYS
from learnapp.training.models import RuleScope

DUE_DAYS_MESSAGE = _l("Give a number of days from 1 to %(max)d.", max=MAX_DUE_DAYS)


def _optional_int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class RuleForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=_optional_int, choices=[], validate_choice=False)
    scope = RadioField(
        _l("Who is assigned the course"),
        choices=[
            (RuleScope.EVERYONE.value, _l("Everyone")),
            (RuleScope.DEPARTMENT.value, _l("Everyone in a department")),
            (RuleScope.UNIT.value, _l("Everyone in a unit and the units below it")),
            (RuleScope.KEY_PERSONS.value, _l("Key persons (in a department, if you choose one)")),
            (RuleScope.ROLE.value, _l("People with a role")),
        ],
        default=RuleScope.KEY_PERSONS.value,
        validators=[InputRequired(message=_l("Choose who is assigned the course."))],
    )
    department = SelectField(
        _l("Department"), coerce=_optional_int, choices=[], validate_choice=False
    )
    unit = SelectField(_l("Unit"), coerce=_optional_int, choices=[], validate_choice=False)
    role = SelectField(
        _l("Role"),
        validate_choice=False,
        choices=[
            ("", _l("Choose a role")),
            (Role.MANAGER.value, _l("Managers")),
            (Role.COORDINATOR.value, _l("Coordinators")),
            (Role.ADMIN.value, _l("Administrators")),
        ],
    )
    due_days = IntegerField(
        _l("Due in (days)"),
        default=30,
        validators=[
            InputRequired(message=DUE_DAYS_MESSAGE),
            NumberRange(min=1, max=MAX_DUE_DAYS, message=DUE_DAYS_MESSAGE),
        ],
    )
    mandatory = RadioField(
        _l("Mandatory or recommended"),
        choices=[("1", _l("Mandatory")), ("0", _l("Recommended"))],
        default="1",
    )
    notify = BooleanField(
        _l("Send an e-mail about a recommended course"),
        default=True,
    )

    def _known(self, field: Any) -> bool:
        return field.data is not None and field.data in {v for v, _ in field.choices}

    def validate_course(self, field: Any) -> None:
        if not self._known(field):
            raise ValidationError(_l("Choose a course."))

    def validate_department(self, field: Any) -> None:
        needed = self.scope.data == RuleScope.DEPARTMENT.value
        optional = self.scope.data == RuleScope.KEY_PERSONS.value and field.data is not None
        if (needed or optional) and not self._known(field):
            raise ValidationError(_l("Choose a department."))

    def validate_unit(self, field: Any) -> None:
        if self.scope.data == RuleScope.UNIT.value and not self._known(field):
            raise ValidationError(_l("Choose a unit."))

    def validate_role(self, field: Any) -> None:
        if self.scope.data == RuleScope.ROLE.value and not (field.data and self._known(field)):
            raise ValidationError(_l("Choose a role."))


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    overdue = BooleanField(_l("Only people with overdue courses"))
    key_persons = BooleanField(_l("Only key persons"))
    course = SelectField(_l("Course"), coerce=_optional_int, choices=[], validate_choice=False)


class NeedsAssignForm(FlaskForm):
    due_days = IntegerField(
        _l("Due in (days)"),
        default=60,
        validators=[
            InputRequired(message=DUE_DAYS_MESSAGE),
            NumberRange(min=1, max=MAX_DUE_DAYS, message=DUE_DAYS_MESSAGE),
        ],
    )
    mandatory = BooleanField(_l("Mandatory"))
