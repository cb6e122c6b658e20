"""Course packages in the browser: export a course as a zip, import one as a new course."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from learnapp.authoring import packages
from learnapp.authoring.access import editor_required, get_course_or_404
from learnapp.authoring.blueprint import bp
from learnapp.authoring.forms import PackageForm
from learnapp.authoring.problems import describe
from learnapp.authoring.services import AuthoringError
from learnapp.authoring.views import error_message
from learnapp.extensions import db


def package_message(code: str) -> str:
    return {
        "not_zip": _("The file is not a zip file."),
        "too_large": _("The package is larger than 60 MB."),
        "too_many_files": _(
            "The package has more than %(max)d files: a course package holds one course.",
            max=packages.MAX_FILES,
        ),
        "bad_path": _(
            "The package has a path outside the course folder (starting with / or containing "
            "..). A package holds one folder, named as the course, with the files directly in it."
        ),
        "huge_file": _(
            "A file in the package is too large when unpacked (at most 1 MB of text or 5 MB "
            "for an image), or packed suspiciously tightly."
        ),
        "one_folder": _(
            "A package holds exactly one folder, named as the course, with the files in it."
        ),
    }.get(code, code)


@bp.route("/<slug>/export.zip")
@editor_required
def export_package(slug: str) -> ResponseReturnValue:
    course = get_course_or_404(slug)
    data = packages.export(course, current_user)
    db.session.commit()
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}.zip"'},
    )


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def import_package() -> ResponseReturnValue:
    form = PackageForm()
    problems: list[str] = []
    if form.validate_on_submit():
        package = packages.read(form.file.data.read(packages.MAX_PACKAGE + 1))
        problems = [package_message(problem) for problem in package.problems]
        slug = (form.slug.data or "").strip() or package.slug
        if package.ok:
            try:
                course = packages.import_package(
                    package, slug, current_user, client_address=request.remote_addr
                )
            except AuthoringError as error:
                db.session.rollback()
                problems = [error_message(error.code), *describe(error.errors, package.files)]
            else:
                db.session.commit()
                flash(_("The course has been imported and published as version 1."), "success")
                return redirect(url_for("authoring.draft", slug=course.slug))
    status = 400 if form.errors or problems else 200
    return render_template("authoring/import.html", form=form, problems=problems), status
