"""Pages for everyone and for managers: my training, rules (coordinator), my unit, reminders."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.routing import BuildError

from learnapp import formats, slots
from learnapp.audit.services import record
from learnapp.bounds import form_int, query_int
from learnapp.courses.models import Course
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.org import picker
from learnapp.org.models import Department, Person, Role, Unit
from learnapp.org.queries import unit_breadcrumbs
from learnapp.permissions import (
    current_scope,
    get_person_or_404,
    get_unit_or_404,
    roles_required,
)
from learnapp.swedish import in_swedish_order
from learnapp.training import (
    assign,
    cells,
    figures,
    my_courses,
    people_table,
    reminders,
    subtrees,
    team_units,
)
from learnapp.training.blueprint import bp
from learnapp.training.exports import STATUS_LABELS
from learnapp.training.forms import FilterForm, RuleForm
from learnapp.training.models import AssignmentRule, RuleScope

COORDINATION = (Role.COORDINATOR, Role.ADMIN)
FOLLOWERS = (Role.MANAGER, Role.COORDINATOR, Role.ADMIN)


@bp.route("/mine")
@login_required
def mine() -> ResponseReturnValue:
    return render_template(
        "training/mine.html",
        mine=my_courses.group_mine(my_courses.my_statuses(current_user)),
        panels=slots.render("mine", person=current_user),  # e.g. the certificates
    )


def home_panel(person: Person) -> str:
    return render_template("training/_panel_home.html", rows=my_courses.next_due(person))


def person_section(person: Person, viewer: Person) -> str | None:
    if person.id != viewer.id and not viewer.has_role(*FOLLOWERS):
        return None
    return render_template(
        "training/_person.html", person=person, rows=my_courses.person_statuses(person)
    )


def audit(action: str, target: Any = None, **details: Any) -> None:
    """Log what the signed-in user did in this feature, and from where; the view commits."""
    record(
        f"training.{action}",
        actor=current_user,
        target=target,
        client_address=request.remote_addr,
        **details,
    )


# --- assignment rules (coordinator) ---------------------------------------------------------


def _rule_form() -> tuple[RuleForm, picker.Picked]:
    """The form, and the units its list offers: the one chosen, and the departments' top units
    or those a search finds (not every unit of the organisation)."""
    form = RuleForm()
    none = ("", _("Choose"))
    form.course.choices = [none] + [
        (c.id, c.title)
        for c in db.session.scalars(
            select(Course).where(Course.published).order_by(in_swedish_order(Course.title))
        )
    ]
    form.department.choices = [none] + [(d.id, d.name) for d in figures.departments()]
    picked = picker.pick(
        find=picker.posted_find(),
        keep=[form.unit.data] if form.unit.data else [],
        default=Unit.parent_id.is_(None),
    )
    form.unit.choices = [none, *picked.options]
    return form, picked


def _rule_input(form: RuleForm) -> assign.RuleInput:
    scope = RuleScope(form.scope.data)
    department = (
        db.session.get(Department, form.department.data)
        if scope in (RuleScope.DEPARTMENT, RuleScope.KEY_PERSONS) and form.department.data
        else None
    )
    return assign.RuleInput(
        course=db.session.get(Course, form.course.data) or abort(404),
        scope=scope,
        due_days=form.due_days.data or 0,
        mandatory=form.mandatory.data == "1",
        notify=bool(form.notify.data),
        department=department,
        unit=db.session.get(Unit, form.unit.data) if scope == RuleScope.UNIT else None,
        role=form.role.data if scope == RuleScope.ROLE else None,
    )


@bp.route("/rules")
@roles_required(*COORDINATION)
def rules() -> ResponseReturnValue:
    return render_template(
        "training/rules.html", rules=assign.rules_with_counts(), removed=assign.removed_rules()
    )


@bp.route("/rules/new", methods=["GET", "POST"])
@roles_required(*COORDINATION)
def new_rule() -> ResponseReturnValue:
    form, picked = _rule_form()
    reach = None
    # 'Find units' shows the form again with what was chosen and the units found.
    if not picker.finding() and form.validate_on_submit():
        data = _rule_input(form)
        if "confirm" not in request.form:
            reach = assign.people_reached(data)
        else:
            rule, added = assign.create_rule(data, current_user)
            audit(
                "rule_created",
                rule,
                course=data.course.slug,
                scope=rule.scope,
                department_id=rule.department_id,
                unit_id=rule.unit_id,
                role=rule.role,
                due_days=rule.due_days,
                mandatory=rule.mandatory,
                notify=rule.notify,
                assignments=added,
            )
            db.session.commit()
            flash(
                ngettext(
                    "The rule is saved. %(n)s person was assigned the course.",
                    "The rule is saved. %(n)s people were assigned the course.",
                    added,
                    n=formats.number(added),
                )
            )
            return redirect(url_for("training.rules"))
    return render_template("training/rule_form.html", form=form, reach=reach, picked=picked)


@bp.route("/rules/<int:rule_id>/remove", methods=["POST"])
@roles_required(*COORDINATION)
def remove_rule(rule_id: int) -> ResponseReturnValue:
    rule = db.session.get(AssignmentRule, rule_id)
    if rule is None or rule.removed_at is not None:
        abort(404)
    withdrawn = assign.remove_rule(rule)
    audit("rule_removed", rule, withdrawn=withdrawn)
    db.session.commit()
    flash(
        ngettext(
            "The rule is removed. %(n)s assignment not yet started was withdrawn.",
            "The rule is removed. %(n)s assignments not yet started were withdrawn.",
            withdrawn,
            n=formats.number(withdrawn),
        )
    )
    return redirect(url_for("training.rules"))


# --- my unit (managers; coordinators may use it too) ----------------------------------------


@bp.route("/team")
@roles_required(*FOLLOWERS)
def team() -> ResponseReturnValue:
    scope = current_scope()
    if scope.everything:
        # A coordinator's or an administrator's units are the whole organisation: not a list of
        # 3,000 units but the overview's drill-down, one level at a time.
        return redirect(url_for("training.overview"))
    return render_template("training/team.html", units=team_units.team_summary(scope))


def filters_from_request(unit: Unit) -> tuple[FilterForm, people_table.Filters]:
    form = FilterForm(request.args)
    courses = people_table.courses_assigned_in(unit)
    form.course.choices = [("", _("All courses"))] + [(c.id, c.title) for c in courses]
    known = {c.id for c in courses}
    course_id = form.course.data if form.course.data in known else None
    return form, people_table.Filters(
        overdue=bool(form.overdue.data),
        key_persons=bool(form.key_persons.data),
        course_id=course_id,
    )


def unit_page(unit_id: int, *, coordinator_view: bool = False) -> str:
    """The people of a unit (in scope) and their courses, filtered by the query string."""
    unit = get_unit_or_404(unit_id)
    form, filters = filters_from_request(unit)
    table = people_table.people_table(unit, filters, max(1, query_int("page", 1) or 1))
    filter_args = {k: v for k, v in request.args.items() if v and k != "page"}
    return render_template(
        "training/team_unit.html",
        unit=unit,
        form=form,
        table=table,
        # Only an overdue person has a reminder button (and when they were last reminded).
        reminded=reminders.last_manual_reminders(table.overdue_people()),
        remind_after=utcnow() - reminders.MANUAL_INTERVAL,
        below=subtrees.units_below(unit),
        # The coordinator climbs back up through the department and the units above.
        breadcrumbs=unit_breadcrumbs(unit) if coordinator_view else [],
        labels={status: str(label) for status, label in STATUS_LABELS.items()},
        export_args=filter_args,
        coordinator_view=coordinator_view,
    )


@bp.route("/team/units/<int:unit_id>")
@roles_required(*FOLLOWERS)
def team_unit(unit_id: int) -> ResponseReturnValue:
    return unit_page(unit_id)


@bp.route("/team/people/<int:person_id>/remind", methods=["POST"])
@roles_required(*FOLLOWERS)
def remind(person_id: int) -> ResponseReturnValue:
    person = get_person_or_404(person_id)
    if person.id == current_user.id:
        abort(404)
    if reminders.recently_reminded_by_hand(person):
        flash(
            _(
                "%(name)s was reminded less than a day ago; no new reminder was sent.",
                name=person.name,
            )
        )
    elif sent := reminders.remind_overdue(person, sender=current_user):
        audit("reminder_sent", person, courses=sent)
        db.session.commit()
        flash(_("A reminder was sent to %(name)s.", name=person.name))
    else:
        flash(_("%(name)s has no overdue courses; no reminder was sent.", name=person.name))
    target = form_int("next_unit")
    if target and current_scope().covers_unit(target):
        return redirect(url_for("training.team_unit", unit_id=target))
    return redirect(url_for("training.team"))


bp.add_app_template_global(cells.cell_text, "cell_text")
bp.add_app_template_global(cells.status_cells, "status_cells")


@bp.app_template_global()
def course_url(course: Course) -> str | None:
    """The course page's address; None while the course pages are not installed."""
    try:
        return url_for("courses.course", slug=course.slug)
    except BuildError:
        return None
