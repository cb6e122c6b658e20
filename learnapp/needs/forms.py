"""Forms for the coordinator: an inventory and a competence area."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from learnapp.bounds import date_in_range
from learnapp.needs.models import InventoryScope

NO_PERSONAL_DATA = _l(
    "Do not write anything about citizens, pupils or other named individuals here."
)


# The form's fourth scope: stored as the "departments" scope with `key_persons_only`.
KEY_PERSONS_IN_DEPARTMENTS = "key_persons_departments"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InventoryForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Shown to the people who answer. Say why and how the answers are used."),
    )
    scope = RadioField(
        _l("Who is asked"),
        choices=[
            (InventoryScope.KEY_PERSONS.value, _l("Key persons")),
            (InventoryScope.EVERYONE.value, _l("Everyone")),
            (InventoryScope.DEPARTMENTS.value, _l("Everyone in the chosen departments")),
            (KEY_PERSONS_IN_DEPARTMENTS, _l("Key persons in the chosen departments")),
        ],
        default=InventoryScope.KEY_PERSONS.value,
    )
    departments = MultiCheckboxField(_l("Departments"), coerce=int, choices=[])
    areas = MultiCheckboxField(_l("Competence areas asked about"), coerce=int, choices=[])

    @property
    def chosen_scope(self) -> tuple[InventoryScope, bool]:
        """(scope, key persons only) as the model stores them."""
        if self.scope.data == KEY_PERSONS_IN_DEPARTMENTS:
            return InventoryScope.DEPARTMENTS, True
        return InventoryScope(self.scope.data), False

    def validate_areas(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one competence area."))

    opens_on = DateField(_l("Opens"), validators=[Optional(), date_in_range])
    closes_on = DateField(_l("Closes"), validators=[Optional(), date_in_range])

    def validate_closes_on(self, field: Any) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must not be before the opening date."))

    def validate_departments(self, field: Any) -> None:
        by_department = (InventoryScope.DEPARTMENTS.value, KEY_PERSONS_IN_DEPARTMENTS)
        if self.scope.data in by_department and not field.data:
            raise ValidationError(_l("Choose at least one department."))


class AreaForm(FlaskForm):
    name_sv = StringField(_l("Name in Swedish"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    description_sv = TextAreaField(
        _l("Description in Swedish"), validators=[Optional(), Length(max=2000)]
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[Optional(), Length(max=2000)]
    )


class ClosingDateForm(FlaskForm):
    """A new closing date: extends an open inventory, or reopens a closed one."""

    closes_on = DateField(_l("New closing date"), validators=[InputRequired(), date_in_range])

    def __init__(self, *args: Any, current: date | None, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        self.today = today

    def validate_closes_on(self, field: Any) -> None:
        if field.data is None:
            return
        if field.data < self.today:
            raise ValidationError(_l("The closing date must be today or later."))
        if self.current is not None and field.data <= self.current:
            raise ValidationError(_l("Choose a date after the current closing date."))
