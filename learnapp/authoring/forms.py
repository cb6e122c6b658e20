"""Forms of the course editor: a new course, a copy, settings, a lesson, the quiz, publishing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from learnapp.authoring.questions import ANSWER_ROWS
from learnapp.authoring.services import MAX_BODY, MAX_NOTE

TOO_LONG = _l("The text is too long: at most %(max)d characters.")
WHOLE = _l("Write a whole number from %(min)s to %(max)s.")
SLUG_HINT = _l(
    "The course's address: only a-z, 0-9 and '-' (no å, ä, ö), e.g. grunder-for-chefer. "
    "It cannot be changed later."
)


class Revisioned(FlaskForm):
    revision = HiddenField()


class NewCourseForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Write a title.")), Length(max=200)]
    )
    slug = StringField(
        _l("Short name"),
        validators=[DataRequired(_l("Write a short name.")), Length(max=100)],
        description=SLUG_HINT,
    )
    area = SelectField(_l("Competence area"), choices=[])


class CopyForm(FlaskForm):
    title = StringField(
        _l("Title of the copy"), validators=[DataRequired(_l("Write a title.")), Length(max=200)]
    )
    slug = StringField(
        _l("Short name of the copy"),
        validators=[DataRequired(_l("Write a short name.")), Length(max=100)],
        description=SLUG_HINT,
    )


class SettingsForm(Revisioned):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Write a title.")), Length(max=200)]
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(_l("Write a summary.")), Length(max=1000, message=TOO_LONG)],
        description=_l("One or two sentences, shown in the catalogue."),
    )
    areas = SelectMultipleField(
        _l("Competence areas"),
        choices=[],
        validators=[DataRequired(_l("Choose at least one competence area."))],
        description=_l("Hold Ctrl to choose several."),
    )
    language = SelectField(
        _l("Language of the content"), choices=[("sv", _l("Swedish")), ("en", _l("English"))]
    )
    minutes = IntegerField(
        _l("Time it takes, in minutes"),
        validators=[InputRequired(WHOLE), NumberRange(1, 600, WHOLE)],
    )
    audience = StringField(
        _l("For whom"),
        validators=[DataRequired(_l("Write who the course is for.")), Length(max=300)],
    )
    pass_mark = IntegerField(
        _l("Pass mark, in percent of the quiz"),
        validators=[InputRequired(WHOLE), NumberRange(1, 100, WHOLE)],
    )
    validity_months = IntegerField(
        _l("Valid for, in months"),
        validators=[InputRequired(WHOLE), NumberRange(0, 240, WHOLE)],
        description=_l("0: a completion never expires."),
    )
    max_attempts = IntegerField(
        _l("Attempts at the quiz"),
        validators=[InputRequired(WHOLE), NumberRange(0, 100, WHOLE)],
        description=_l("0: no limit."),
    )
    attempt_wait_minutes = IntegerField(
        _l("Wait between attempts, in minutes"),
        validators=[InputRequired(WHOLE), NumberRange(0, 10080, WHOLE)],
    )
    draw = IntegerField(
        _l("Questions drawn per attempt"),
        validators=[InputRequired(WHOLE), NumberRange(0, 500, WHOLE)],
        description=_l(
            "0: every question of the quiz. Otherwise each attempt draws this many at random, "
            "so a retake is not the same questions."
        ),
    )
    draw_per_category = BooleanField(_l("Draw that many from each category of questions"))
    published = BooleanField(_l("Show the course in the catalogue once published"))
    intro = TextAreaField(
        _l("Introduction"),
        validators=[Optional(), Length(max=MAX_BODY, message=TOO_LONG)],
        description=_l("Markdown, shown on the course page above the lessons."),
    )


class LessonForm(Revisioned):
    title = StringField(
        _l("Lesson title"), validators=[DataRequired(_l("Write a title.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Write the lesson's text.")),
            Length(max=MAX_BODY, message=TOO_LONG),
        ],
        description=_l(
            "Markdown: ## for a heading, - for a list, [text](https://…) for a link, "
            "[text](02-lesson.md) for another lesson."
        ),
    )


class GiftForm(Revisioned):
    gift = TextAreaField(
        _l("The questions in GIFT"),
        validators=[DataRequired(_l("Write at least one question.")), Length(max=512 * 1024)],
        description=_l("Each question ends with a blank line. Checked before it is saved."),
    )


class PublishForm(Revisioned):
    kind = RadioField(
        _l("What kind of change is it?"),
        choices=[
            ("minor", _l("Minor: wording; completions stay valid")),
            ("major", _l("Major: the content has changed")),
        ],
        default="minor",
        validators=[InputRequired(_l("Choose minor or major."))],
    )
    retake = BooleanField(
        _l("Major only: ask everyone who completed an earlier version to take the course again")
    )
    change_note = StringField(
        _l("Change note"),
        validators=[DataRequired(_l("Write a change note.")), Length(max=MAX_NOTE)],
        description=_l("What changed and why, in one sentence. Shown in the version history."),
    )


class EditorForm(FlaskForm):
    email = EmailField(_l("The person's e-mail"), validators=[DataRequired(), Length(max=254)])


class AnswerRow(Form):
    """One answer of a question (no CSRF of its own: it is part of the question's form)."""

    text = StringField(_l("Answer"), validators=[Optional(), Length(max=1000)])
    weight = FloatField(
        _l("Credit, in percent"),
        validators=[Optional(), NumberRange(-100, 100, _l("From -100 to 100."))],
    )
    feedback = StringField(
        _l("Feedback for this answer"), validators=[Optional(), Length(max=1000)]
    )
    match = StringField(_l("Matches"), validators=[Optional(), Length(max=1000)])
    tolerance = FloatField(
        _l("Accepted error, either side"),
        validators=[Optional(), NumberRange(0, None, _l("Zero or more."))],
    )


class QuestionForm(Revisioned):
    title = StringField(_l("Question title (optional)"), validators=[Optional(), Length(max=300)])
    category = StringField(
        _l("Category (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Questions of one category can be drawn together."),
    )
    text = TextAreaField(
        _l("Question"),
        validators=[DataRequired(_l("Write the question.")), Length(max=5000, message=TOO_LONG)],
    )
    truth = RadioField(
        _l("The statement is"),
        choices=[("true", _l("True")), ("false", _l("False"))],
        default="true",
        validators=[Optional()],
    )
    right_feedback = StringField(
        _l("Feedback for a right answer"), validators=[Optional(), Length(max=1000)]
    )
    wrong_feedback = StringField(
        _l("Feedback for a wrong answer"), validators=[Optional(), Length(max=1000)]
    )
    answers = FieldList(FormField(AnswerRow), min_entries=ANSWER_ROWS, max_entries=ANSWER_ROWS)
    general_feedback = TextAreaField(
        _l("General feedback (optional)"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
        description=_l("Shown to everyone after the quiz, whatever they answered."),
    )


class ImageForm(Revisioned):
    file = FileField(
        _l("Image"),
        validators=[FileRequired(_l("Choose an image."))],
        description=_l("A PNG or JPEG picture, at most 5 MB."),
    )
    alt = StringField(
        _l("Text alternative"),
        validators=[
            DataRequired(_l("Describe the image for those who cannot see it.")),
            Length(max=300),
        ],
        description=_l(
            "What the image shows, for those who cannot see it (read aloud by screen readers)."
        ),
    )
    lesson = SelectField(_l("Add it to the end of the lesson"), choices=[])


class PackageForm(FlaskForm):
    file = FileField(
        _l("Course package"),
        validators=[FileRequired(_l("Choose a zip file."))],
        description=_l("A zip file with one course folder, as exported from learnapp."),
    )
    slug = StringField(
        _l("Short name of the new course"),
        validators=[Optional(), Length(max=100)],
        description=_l("Leave empty to use the folder's name in the package."),
    )
