"""Forms: uploading a question bank and confirming its import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length


class UploadForm(FlaskForm):
    file = FileField(
        _l("GIFT file"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("A text file in GIFT format, saved as UTF-8, at most 512 kB."),
    )


class ConfirmForm(FlaskForm):
    gift = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired()])
    mode = RadioField(
        _l("What should happen to the quiz's current questions?"),
        choices=[
            ("extend", _l("Keep them and add the questions in the file after them")),
            ("replace", _l("Replace them with the questions in the file")),
        ],
        default="extend",
        validators=[InputRequired(_l("Choose replace or extend."))],
    )
    replace_confirmed = BooleanField(
        _l("Replace: I know that the questions listed below will be removed from the quiz")
    )


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False  # a public GET form that changes nothing

    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(_l("Write the code.")), Length(max=40)],
        description=_l("The code printed on the certificate, e.g. ABCD-EFGH-JKLM-NPQR."),
    )
