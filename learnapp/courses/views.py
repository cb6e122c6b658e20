"""The catalogue, a course's page, its lessons, and its images."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, send_from_directory
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from learnapp import slots
from learnapp.courses import queries, services
from learnapp.courses.blueprint import bp
from learnapp.courses.models import Course
from learnapp.courses.render import IMAGE_TYPES, is_image_name
from learnapp.extensions import db
from learnapp.statuses import Status

STATUS_LABELS = {
    Status.NOT_ASSIGNED: _l("Not started"),
    Status.NOT_STARTED: _l("Not started"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.COMPLETED: _l("Completed"),
    Status.EXPIRED: _l("Expired"),
    Status.OVERDUE: _l("Overdue"),
}


@bp.context_processor
def helpers() -> dict[str, object]:
    return {"status_labels": STATUS_LABELS}


def _course_or_404(slug: str) -> Course:
    return queries.visible_course(slug, current_user) or abort(404)


@bp.route("/")
@login_required
def catalogue() -> str:
    areas = queries.catalogue_areas()
    chosen = request.args.get("area", "").strip()
    if chosen not in {area.code for area in areas.in_use}:
        chosen = ""
    return render_template(
        "courses/catalogue.html",
        rows=queries.catalogue(current_user, chosen or None, areas),
        areas=areas.in_use,
        chosen=chosen,
    )


@bp.route("/<slug>/")
@login_required
def course(slug: str) -> str:
    course = _course_or_404(slug)
    lessons = course.lessons
    read = queries.read_lesson_ids(current_user, course)
    done = sum(1 for lesson in lessons if lesson.id in read)
    return render_template(
        "courses/course.html",
        course=course,
        lessons=lessons,
        read=read,
        done=done,
        next_lesson=queries.first_unread(lessons, read),
        panels=slots.render("course", course=course, person=current_user),
    )


@bp.route("/<slug>/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str) -> str:
    page = queries.lesson_page(slug, lesson_slug, current_user) or abort(404)
    services.record_view(current_user, page.lesson)
    html = render_template(
        "courses/lesson.html",
        course=page.course,
        lesson=page.lesson,
        number=page.number,
        total=page.total,
        previous=page.previous,
        following=page.following,
    )
    db.session.commit()
    return html


@bp.route("/<slug>/files/<path:filename>")
@login_required
def file(slug: str, filename: str) -> Response:
    """An image from the course's own folder, or uploaded for it in the browser; nothing else,
    and nothing outside them."""
    course = _course_or_404(slug)
    if (
        "/" in filename
        or "\\" in filename
        or filename.startswith(".")
        or not is_image_name(filename)
    ):
        abort(404)
    folder = services.courses_dir(current_app) / course.slug
    if not (folder / filename).is_file():
        folder = services.uploads_dir(current_app, course)
    mimetype = IMAGE_TYPES["." + filename.rsplit(".", 1)[1].lower()]
    response = send_from_directory(folder, filename, mimetype=mimetype, max_age=3600)
    response.headers["Content-Disposition"] = "inline"
    return response
