"""A certificate as a one-page A4 PDF (fpdf2): the organisation, the person, the course and its
version, the dates, the score, the verification code and the URL to check it at — all as real
text in the app's Unicode font, with the document's title and language set for screen readers."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from learnapp.courses.models import Course
from learnapp.formats import day, percent
from learnapp.org.models import Person
from learnapp.pdf import FAMILY, add_fonts
from learnapp.quizzes.models import Completion
from learnapp.quizzes.services import display_code, is_valid

BRAND = (0, 84, 147)
MARGIN = 25  # mm


def facts(completion: Completion) -> list[tuple[str, str]]:
    """The certificate's facts, in the current locale (shared by the PDF and its tests)."""
    rows = [
        (_("Course version"), str(completion.course_version)),
        (_("Completed on"), day(completion.completed_at)),
        (
            _("Valid until"),
            day(completion.expires_at) if completion.expires_at else _("Does not expire"),
        ),
    ]
    if completion.score is not None:
        rows.append((_("Quiz score"), percent(completion.score)))
    rows.append((_("Verification code"), display_code(completion.code)))
    return rows


def write(completion: Completion, person: Person, course: Course, verify_url: str) -> bytes:
    organisation = current_app.config["ORGANISATION_NAME"]
    from fpdf import FPDF  # here: fpdf2 is some 25 MB that most workers never use

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    title = _("Certificate: %(course)s", course=course.title)
    pdf.set_title(title)
    pdf.set_author(organisation)
    pdf.set_subject(_("Certificate"))
    pdf.set_creator("learnapp")
    pdf.set_lang(str(get_locale() or "sv"))
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def line(
        text: str, size: float, bold: bool = False, gap: float = 4, colour: tuple = ()
    ) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_text_color(*(colour or (0, 0, 0)))
        pdf.multi_cell(width, size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(organisation, 12, gap=12)
    pdf.start_section(_("Certificate"))
    line(_("Certificate"), 28, bold=True, gap=14, colour=BRAND)
    line(_("This certifies that"), 12)
    line(person.name, 20, bold=True, gap=8)
    line(_("has completed the course"), 12)
    line(course.title, 18, bold=True, gap=14)
    if not is_valid(completion):
        line(_("This certificate is no longer valid."), 12, bold=True, gap=8)
    pdf.set_text_color(0, 0, 0)
    label_width = width * 0.45
    for label, value in facts(completion):
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(label_width, 8, label, align="R")
        pdf.set_font(FAMILY, "", 11)
        pdf.cell(width - label_width, 8, "  " + value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    line(_("Check the certificate at %(url)s", url=verify_url), 10)
    return bytes(pdf.output())
