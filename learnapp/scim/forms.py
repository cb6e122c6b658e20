"""Forms of the SCIM admin page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("For example: Entra ID provisioning"),
    )


class GroupForm(FlaskForm):
    display_name = StringField(
        _l("Group name in the directory"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Exactly as the directory names it, e.g. learnapp-samordnare"),
    )
