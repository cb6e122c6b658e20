"""The course editor: the quiz as GIFT, the preview as staff see it, publishing, the versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.authoring import checked, drafts, services
from learnapp.authoring.access import editor_required, get_course_or_404
from learnapp.authoring.blueprint import bp
from learnapp.authoring.forms import GiftForm, PublishForm
from learnapp.authoring.problems import describe, file_label
from learnapp.authoring.services import AuthoringError
from learnapp.authoring.views import error_message, revision_of
from learnapp.extensions import db
from learnapp.quizzes.importing import check_text
from learnapp.routines import diff


@bp.route("/<slug>/quiz", methods=["GET", "POST"])
@editor_required
def quiz(slug: str) -> ResponseReturnValue:
    """The quiz as GIFT text: checked with line numbers, saved only without errors."""
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    form = GiftForm()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
        form.gift.data = drafts.quiz(draft.files)
    problems: list[tuple[int | None, str]] = []
    if form.validate_on_submit():
        checked = check_text(form.gift.data or "")
        problems = checked.errors
        if checked.ok:
            try:
                services.save(
                    draft,
                    drafts.with_quiz(draft.files, checked.text),
                    revision_of(request.form),
                    current_user,
                )
            except AuthoringError as error:
                db.session.rollback()
                flash(error_message(error.code), "error")
                return redirect(url_for("authoring.draft", slug=course.slug))
            db.session.commit()
            flash(_("The questions have been saved in the draft."), "success")
            return redirect(url_for("authoring.draft", slug=course.slug))
    status = 400 if form.errors or problems else 200
    return render_template(
        "authoring/quiz.html", course=course, form=form, problems=problems
    ), status


@bp.route("/<slug>/preview/")
@bp.route("/<slug>/preview/<lesson_slug>")
@editor_required
def preview(slug: str, lesson_slug: str | None = None) -> ResponseReturnValue:
    """The draft as a staff member will see it, rendered by the loader; nothing is recorded."""
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    db.session.commit()
    source, problems = checked.draft(course, draft.files)
    if source is None:
        told = describe(problems, draft.files)
        return render_template("authoring/preview.html", course=course, problems=told)
    index = next(
        (i for i, item in enumerate(source.lessons) if item.slug == lesson_slug),
        None if lesson_slug else -1,
    )
    if index is None:
        abort(404)
    return render_template(
        "authoring/preview.html",
        course=course,
        source=source,
        index=index,
        lesson=source.lessons[index] if index >= 0 else None,
        problems=[],
    )


@bp.route("/<slug>/publish", methods=["GET", "POST"])
@editor_required
def publish(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    form = PublishForm()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
    problems = []
    if form.validate_on_submit():
        try:
            version = services.publish(
                course,
                draft,
                revision_of(request.form),
                current_user,
                major=form.kind.data == "major",
                retake=bool(form.retake.data),
                change_note=form.change_note.data or "",
                client_address=request.remote_addr,
            )
        except AuthoringError as error:
            db.session.rollback()
            problems = describe(error.errors, draft.files)
            flash(error_message(error.code), "error")
            form.revision.data = str(draft.revision)
        else:
            db.session.commit()
            flash(_("Version %(number)d has been published.", number=version.number), "success")
            return redirect(url_for("authoring.versions", slug=course.slug))
    current = services.current_files(course) if course.version else {}
    return render_template(
        "authoring/publish.html",
        course=course,
        form=form,
        problems=problems,
        first=course.version == 0,
        changes=_changes(current, draft.files),
    ), (400 if form.errors or problems else 200)


def _changes(old: drafts.Files, new: drafts.Files) -> list[tuple[str, list[diff.Line]]]:
    """Each file that differs, named as the editor knows it, with its line diff."""
    return [
        (
            file_label(name, new if name in new else old),
            diff.line_diff(old.get(name, ""), new.get(name, "")),
        )
        for name in sorted(set(old) | set(new))
        if old.get(name, "") != new.get(name, "")
    ]


@bp.route("/<slug>/versions")
@editor_required
def versions(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    return render_template(
        "authoring/versions.html", course=course, versions=services.versions(course)
    )


@bp.route("/<slug>/versions/<int:number>")
@editor_required
def version(slug: str, number: int) -> ResponseReturnValue:
    """What a version changed against the one before it, file by file (lessons compared)."""
    course = get_course_or_404(slug)
    shown = services.version(course, number) or abort(404)
    before = services.version(course, number - 1)
    return render_template(
        "authoring/version.html",
        course=course,
        version=shown,
        before=before,
        changes=_changes(before.files if before else {}, shown.files),
    )
