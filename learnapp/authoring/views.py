"""The course editor: the list, a new course, a copy, the draft, its settings and its lessons."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnapp.areas.services import all_areas
from learnapp.authoring import checked, drafts, images, services
from learnapp.authoring import problems as problems_
from learnapp.authoring.access import editor_required, get_course_or_404
from learnapp.authoring.blueprint import bp
from learnapp.authoring.forms import CopyForm, ImageForm, LessonForm, NewCourseForm, SettingsForm
from learnapp.authoring.models import CourseDraft
from learnapp.authoring.services import AuthoringError
from learnapp.courses.models import Course, Lesson
from learnapp.courses.render import Links, render_markdown
from learnapp.courses.services import url_prefix
from learnapp.extensions import db
from learnapp.swedish import in_swedish_order


def error_message(code: str) -> str:
    return {
        "stale": _(
            "Someone else saved this draft while you were working on it. Your changes have not "
            "been saved: look at the draft as it is now, then make them again."
        ),
        "slug_format": _(
            "The short name may contain only a-z, 0-9 and '-' (no å, ä, ö), at most 100 characters."
        ),
        "slug_taken": _("Another course already has this short name."),
        "note_missing": _("Write a change note."),
        "note_too_long": _("The change note is too long: at most 500 characters."),
        "invalid": _("The draft has problems that must be fixed before it can be published."),
        "lesson_taken": _("The course already has a lesson with this title."),
        "alt_missing": _(
            "Every image needs a text alternative: write what it shows between the brackets, "
            "![like this](image.png)."
        ),
        "too_large": _("The image is larger than 5 MB."),
        "svg": _("SVG images are not accepted: upload a PNG or JPEG picture."),
        "not_image": _("The file is not a PNG or JPEG picture."),
        "last_lesson": _("A course needs at least one lesson: add another before you retire this."),
    }.get(code, _("The draft could not be saved."))


def revision_of(form: Any) -> int:
    try:
        return int(form.get("revision", ""))
    except (TypeError, ValueError):
        return -1


def _area_choices() -> list[tuple[str, str]]:
    areas = all_areas()
    language = str(get_locale() or "sv")
    return [(area.code, area.name(language)) for area in areas]


def links_for(course: Course, files: drafts.Files) -> Links:
    return Links(
        f"{url_prefix(current_app)}/{course.slug}/",
        {item.name: item.slug for item in drafts.lessons(files)},
    )


def _save(course: Course, draft: CourseDraft, files: drafts.Files) -> ResponseReturnValue | None:
    """Save the draft; on a stale revision say so and return to the draft (nothing saved)."""
    try:
        services.save(draft, files, revision_of(request.form), current_user)
    except AuthoringError as error:
        db.session.rollback()
        flash(error_message(error.code), "error")
        return redirect(url_for("authoring.draft", slug=course.slug))
    return None


@bp.route("/")
@editor_required
def index() -> ResponseReturnValue:
    courses = list(
        db.session.scalars(select(Course).order_by(in_swedish_order(Course.title), Course.id))
    )
    drafted = set(db.session.scalars(select(CourseDraft.course_id)))
    return render_template("authoring/index.html", courses=courses, drafted=drafted)


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new() -> ResponseReturnValue:
    form = NewCourseForm()
    form.area.choices = _area_choices()
    if form.validate_on_submit():
        try:
            course = services.create_course(
                (form.slug.data or "").strip(), form.title.data or "", form.area.data, current_user
            )
        except AuthoringError as error:
            db.session.rollback()
            form.slug.errors = [error_message(error.code)]
        else:
            db.session.commit()
            flash(_("The course has been created as a draft."), "success")
            return redirect(url_for("authoring.draft", slug=course.slug))
    return render_template("authoring/new.html", form=form)


@bp.route("/<slug>/copy", methods=["GET", "POST"])
@editor_required
def copy(slug: str) -> ResponseReturnValue:
    original = get_course_or_404(slug)
    form = CopyForm()
    if request.method == "GET":
        form.title.data = _("Copy of %(title)s", title=original.title)[:200]
    if form.validate_on_submit():
        try:
            course = services.copy_course(
                original, (form.slug.data or "").strip(), form.title.data or "", current_user
            )
        except AuthoringError as error:
            db.session.rollback()
            form.slug.errors = [error_message(error.code)]
        else:
            db.session.commit()
            flash(_("The copy has been created as a draft."), "success")
            return redirect(url_for("authoring.draft", slug=course.slug))
    return render_template("authoring/copy.html", form=form, original=original)


@bp.route("/<slug>/")
@editor_required
def draft(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    db.session.commit()
    _source, problems = checked.draft(course, draft.files)
    retired = db.session.scalars(
        select(Lesson)
        .where(Lesson.course_id == course.id, Lesson.active.is_(False))
        .order_by(in_swedish_order(Lesson.title))
    )
    return render_template(
        "authoring/draft.html",
        course=course,
        draft=draft,
        values=drafts.settings(draft.files)[0],
        lessons=drafts.lessons(draft.files),
        problems=problems_.describe(problems, draft.files),
        retired=[lesson for lesson in retired if not drafts.lesson(draft.files, lesson.slug)],
    )


@bp.route("/<slug>/settings", methods=["GET", "POST"])
@editor_required
def settings(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    values, intro = drafts.settings(draft.files)
    form = SettingsForm()
    form.areas.choices = _area_choices()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
        form.title.data = str(values.get("title") or course.title)
        form.summary.data = str(values.get("summary") or "")
        form.areas.data = [str(code) for code in values.get("areas") or []]
        form.language.data = str(values.get("language") or "sv")
        form.audience.data = str(values.get("audience") or "")
        for name in ("minutes", "validity_months", "max_attempts", "attempt_wait_minutes", "draw"):
            getattr(form, name).data = _int(values.get(name))
        form.pass_mark.data = round(float(values.get("pass_mark") or 0.8) * 100)
        form.published.data = values.get("published", True) is not False
        form.draw_per_category.data = values.get("draw_per_category") is True
        form.intro.data = intro
    if form.validate_on_submit():
        values.update(
            title=(form.title.data or "").strip(),
            summary=(form.summary.data or "").strip(),
            areas=list(form.areas.data or []),
            language=form.language.data,
            audience=(form.audience.data or "").strip(),
            minutes=form.minutes.data,
            pass_mark=round((form.pass_mark.data or 80) / 100, 2),
            validity_months=form.validity_months.data,
            max_attempts=form.max_attempts.data,
            attempt_wait_minutes=form.attempt_wait_minutes.data,
            published=bool(form.published.data),
            draw=form.draw.data or None,
            draw_per_category=True if form.draw.data and form.draw_per_category.data else None,
        )
        files = drafts.with_settings(draft.files, values, form.intro.data or "")
        stale = _save(course, draft, files)
        if stale is not None:
            return stale
        db.session.commit()
        flash(_("The settings have been saved in the draft."), "success")
        return redirect(url_for("authoring.draft", slug=course.slug))
    return render_template("authoring/settings.html", course=course, form=form), (
        400 if form.errors else 200
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@bp.route("/<slug>/lessons/new", methods=["GET", "POST"])
@bp.route("/<slug>/lessons/<lesson_slug>", methods=["GET", "POST"])
@editor_required
def lesson(slug: str, lesson_slug: str | None = None) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    existing = drafts.lesson(draft.files, lesson_slug) if lesson_slug else None
    if lesson_slug and existing is None:
        abort(404)
    form = LessonForm()
    if request.method == "GET":
        form.revision.data = str(draft.revision)
        if existing is not None:
            form.title.data, form.body.data = existing.title, existing.body
    preview = None
    if form.validate_on_submit():
        title, body = (form.title.data or "").strip(), form.body.data or ""
        target = existing.slug if existing else drafts.slugify(title) or "lektion"
        if existing is None and drafts.lesson(draft.files, target) is not None:
            form.title.errors = [error_message("lesson_taken")]
        elif images.EMPTY_ALT.search(body):
            form.body.errors = [error_message("alt_missing")]
        elif request.form.get("action") == "preview":
            preview = render_markdown(body, links_for(course, draft.files))
        else:
            files = drafts.with_lesson(draft.files, target, title, body)
            stale = _save(course, draft, files)
            if stale is not None:
                return stale
            db.session.commit()
            flash(_("The lesson has been saved in the draft."), "success")
            return redirect(url_for("authoring.draft", slug=course.slug))
    status = 400 if form.errors else 200
    return render_template(
        "authoring/lesson.html", course=course, form=form, existing=existing, preview=preview
    ), status


@bp.route("/<slug>/lessons/<lesson_slug>/move", methods=["POST"])
@editor_required
def move_lesson(slug: str, lesson_slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    if drafts.lesson(draft.files, lesson_slug) is None:
        abort(404)
    step = -1 if request.form.get("direction") == "up" else 1
    stale = _save(course, draft, drafts.moved(draft.files, lesson_slug, step))
    if stale is not None:
        return stale
    db.session.commit()
    return redirect(url_for("authoring.draft", slug=course.slug, _anchor="lessons-heading"))


@bp.route("/<slug>/lessons/<lesson_slug>/retire", methods=["POST"])
@editor_required
def retire_lesson(slug: str, lesson_slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    if drafts.lesson(draft.files, lesson_slug) is None:
        abort(404)
    if len(drafts.lessons(draft.files)) == 1:
        flash(error_message("last_lesson"), "error")
        return redirect(url_for("authoring.draft", slug=course.slug))
    stale = _save(course, draft, drafts.without_lesson(draft.files, lesson_slug))
    if stale is not None:
        return stale
    db.session.commit()
    flash(
        _("The lesson has been retired in the draft; what people read of it stays on record."),
        "success",
    )
    return redirect(url_for("authoring.draft", slug=course.slug))


@bp.route("/<slug>/images", methods=["GET", "POST"])
@editor_required
def course_images(slug: str) -> ResponseReturnValue:
    """Upload an image (with its text alternative) into a lesson of the draft."""
    course = get_course_or_404(slug)
    draft = services.draft_of(course)
    form = ImageForm()
    form.lesson.choices = [(item.slug, item.title) for item in drafts.lessons(draft.files)]
    if request.method == "GET":
        form.revision.data = str(draft.revision)
    if form.validate_on_submit():
        data = form.file.data.read(images.MAX_BYTES + 1)
        target = drafts.lesson(draft.files, form.lesson.data)
        try:
            images.check(data)
        except images.ImageError as error:
            form.file.errors = [error_message(error.code)]
        else:
            if target is not None and revision_of(request.form) != draft.revision:
                flash(error_message("stale"), "error")
                return redirect(url_for("authoring.draft", slug=course.slug))
            if target is not None:
                name = images.store(course, data)
                alt = " ".join((form.alt.data or "").replace("]", " ").replace("[", " ").split())
                body = f"{target.body}\n\n![{alt}]({name})"
                files = drafts.with_lesson(draft.files, target.slug, target.title, body)
                services.save(draft, files, draft.revision, current_user)
                db.session.commit()
                flash(
                    _("The image has been added to the end of the lesson in the draft."), "success"
                )
                return redirect(
                    url_for("authoring.lesson", slug=course.slug, lesson_slug=target.slug)
                )
    return render_template(
        "authoring/images.html", course=course, form=form, names=images.uploaded(course)
    ), (400 if form.errors else 200)
