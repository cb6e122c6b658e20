"""Answering an inventory: the person themself, or their manager on their behalf."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from learnapp.areas.models import CompetenceArea
from learnapp.bounds import is_digits
from learnapp.extensions import db
from learnapp.needs import lists, reports, services
from learnapp.needs.access import get_inventory_or_404, get_respondent_or_404
from learnapp.needs.blueprint import bp
from learnapp.needs.forms import NO_PERSONAL_DATA
from learnapp.needs.models import (
    COMMENT_MAX,
    OTHER_NEEDS_MAX,
    InventoryStateError,
    Need,
    NeedsInventory,
    NeedsSubmission,
)
from learnapp.org.models import Person, Role, UnitManager
from learnapp.permissions import current_scope, roles_required

KNOWLEDGE_SCALE = [
    (
        1,
        _l("No knowledge"),
        _l("I know little or nothing about this and would not know what to do."),
    ),
    (
        2,
        _l("Some knowledge"),
        _l("I have heard of this but am unsure what it means for my work."),
    ),
    (
        3,
        _l("Fairly good knowledge"),
        _l("I know the basics and can act in common situations, but need support in harder ones."),
    ),
    (
        4,
        _l("Good knowledge"),
        _l("I know this well, can act on my own and can support colleagues."),
    ),
]
NEED_CHOICES = [
    (Need.NONE.value, _l("No need")),
    (Need.SOME.value, _l("Some need")),
    (Need.GREAT.value, _l("Great need")),
]


def _entered_by_manager(submission: NeedsSubmission | None, person: Person) -> Person | None:
    """The manager who last entered this person's answers for them, if one did."""
    if submission is None or not submission.entered_by_manager or not submission.entered_by_id:
        return None
    if submission.entered_by_id == person.id:
        return None
    return db.session.get(Person, submission.entered_by_id)


def _error_items(
    errors: dict[str, str], areas: list[CompetenceArea], language: str
) -> list[tuple[str, str]]:
    """The error summary's lines in the form's order, each naming its area: (anchor, text)."""
    items = []
    for area in areas:
        for part in ("knowledge", "need", "comment"):
            name = services.field_name(area.id, part)
            if name in errors:
                items.append((name, f"{area.name(language)}: {errors[name]}"))
    if "other_needs" in errors:
        items.append(("other_needs", f"{_('Other training needs')}: {errors['other_needs']}"))
    return items


def _answer(
    inventory: NeedsInventory, person: Person, action_url: str, summary_url: str
) -> ResponseReturnValue:
    areas = services.inventory_areas(inventory)
    answers, submission = services.load_answers(inventory, person)
    version = submission.version if submission else 0  # the version this form is opened at
    errors: dict[str, str] = {}
    changed_by: Person | None = None
    status = 200
    if request.method == "POST":
        if not inventory.is_open:
            flash(_("The inventory is closed. Answers can no longer be changed."), "error")
            status = 409
        else:
            submit = request.form.get("action") == "submit"
            already_submitted = submission is not None and submission.submitted_at is not None
            seen = _posted_version()
            try:
                posted = services.parse_answers(
                    request.form, areas, final=submit or already_submitted
                )
                services.save_answers(
                    inventory,
                    person,
                    posted,
                    entered_by=current_user,
                    submit=submit,
                    seen_version=seen,
                )
            except services.AnswerError as error:
                errors = error.errors
                status = 400
                answers = _answers_from_form(areas)
                version = seen  # still checked against what the form was opened at
            except services.AnswersChanged:
                db.session.rollback()
                answers, submission = services.load_answers(inventory, person)
                version = submission.version if submission else 0
                changed_by = _last_writer(submission)
                status = 409
            except InventoryStateError:
                abort(409)
            else:
                db.session.commit()
                if submit or already_submitted:
                    flash(_("Thank you. The answers have been submitted."), "success")
                    return redirect(summary_url)
                flash(_("The draft has been saved. Submit it when you are done."), "success")
                return redirect(action_url)
    return (
        render_template(
            "needs/answer.html",
            inventory=inventory,
            person=person,
            on_behalf=person.id != current_user.id,
            entered_by=_entered_by_manager(submission, person),
            areas=areas,
            answers=answers,
            submission=submission,
            version=version,
            changed=status == 409 and inventory.is_open,
            changed_by=changed_by,
            errors=errors,
            error_items=_error_items(errors, areas, str(get_locale())),
            action_url=action_url,
            summary_url=summary_url,
            scale=KNOWLEDGE_SCALE,
            needs=NEED_CHOICES,
            comment_max=COMMENT_MAX,
            other_needs_max=OTHER_NEEDS_MAX,
            no_personal_data=NO_PERSONAL_DATA,
            field_name=services.field_name,
        ),
        status,
    )


def _posted_version() -> int:
    """The version the posted form was opened at; a form without one counts as opened empty."""
    raw = request.form.get("version", "").strip()
    return int(raw) if is_digits(raw) and len(raw) < 10 else 0


def _last_writer(submission: NeedsSubmission | None) -> Person | None:
    if submission is None or submission.entered_by_id is None:
        return None
    return db.session.get(Person, submission.entered_by_id)


def _answers_from_form(areas: list[CompetenceArea]) -> services.Answers:
    """What was posted, kept as typed so the person does not lose it when there is an error."""
    answers = services.Answers(other_needs=request.form.get("other_needs", ""))
    for area in areas:
        knowledge = request.form.get(services.field_name(area.id, "knowledge"), "")
        need = request.form.get(services.field_name(area.id, "need"), "")
        answers.areas[area.id] = services.AreaAnswer(
            knowledge=int(knowledge) if knowledge in {"1", "2", "3", "4"} else None,
            need=Need(need) if need in {n.value for n in Need} else None,
            comment=request.form.get(services.field_name(area.id, "comment"), ""),
        )
    return answers


@bp.route("/<int:inventory_id>/answer", methods=["GET", "POST"])
@login_required
def answer(inventory_id: int) -> ResponseReturnValue:
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft or not services.person_in_scope(inventory, current_user):
        abort(404)
    return _answer(
        inventory,
        current_user,
        url_for("needs.answer", inventory_id=inventory.id),
        url_for("needs.answer_summary", inventory_id=inventory.id),
    )


@bp.route("/<int:inventory_id>/answer/summary")
@login_required
def answer_summary(inventory_id: int) -> ResponseReturnValue:
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft or not services.person_in_scope(inventory, current_user):
        abort(404)
    return _summary(inventory, current_user, url_for("needs.answer", inventory_id=inventory.id))


@bp.route("/<int:inventory_id>/people/<int:person_id>/answer", methods=["GET", "POST"])
@roles_required(Role.MANAGER, Role.COORDINATOR, Role.ADMIN)
def answer_for(inventory_id: int, person_id: int) -> ResponseReturnValue:
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft:
        abort(404)
    person = get_respondent_or_404(inventory, person_id)
    if person.id == current_user.id:
        return redirect(url_for("needs.answer", inventory_id=inventory.id))
    url = url_for("needs.answer_for", inventory_id=inventory.id, person_id=person.id)
    summary = url_for("needs.answer_for_summary", inventory_id=inventory.id, person_id=person.id)
    return _answer(inventory, person, url, summary)


@bp.route("/<int:inventory_id>/people/<int:person_id>/answer/summary")
@roles_required(Role.MANAGER, Role.COORDINATOR, Role.ADMIN)
def answer_for_summary(inventory_id: int, person_id: int) -> ResponseReturnValue:
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft:
        abort(404)
    person = get_respondent_or_404(inventory, person_id)
    url = url_for("needs.answer_for", inventory_id=inventory.id, person_id=person.id)
    return _summary(inventory, person, url)


def _summary(inventory: NeedsInventory, person: Person, answer_url: str) -> ResponseReturnValue:
    """After submitting: the answers as given, and the courses for the areas of great need."""
    answers, submission = services.load_answers(inventory, person)
    if submission is None or submission.submitted_at is None:
        return redirect(answer_url)
    areas = services.inventory_areas(inventory)
    great = [
        area
        for area in areas
        if (a := answers.areas.get(area.id)) is not None and a.need == Need.GREAT
    ]
    courses = reports.courses_by_area() if great else {}
    return render_template(
        "needs/answer_summary.html",
        inventory=inventory,
        person=person,
        on_behalf=person.id != current_user.id,
        submission=submission,
        areas=areas,
        answers=answers,
        great=[(area, courses.get(area.id, [])) for area in great],
        answer_url=answer_url,
        levels={value: label for value, label, _d in KNOWLEDGE_SCALE},
        need_labels=dict(NEED_CHOICES),
    )


MISSING_LIMIT = 500  # people who have not answered, on the team page


@bp.route("/<int:inventory_id>/team")
@roles_required(Role.MANAGER, Role.COORDINATOR, Role.ADMIN)
def team(inventory_id: int) -> str:
    """A manager's view: response rate of their units and who has not answered."""
    inventory = get_inventory_or_404(inventory_id)
    if inventory.is_draft:
        abort(404)
    scope = current_scope()
    if scope.everything:
        # A coordinator's units are the whole organisation: each department's top units, each
        # counted with the units below it (the drill-down's start), not a row for every unit.
        rates = reports.response_rates(inventory, heads=reports.HEAD.parent_id.is_(None))
        missing = lists.not_answered(inventory, limit=MISSING_LIMIT)
    else:
        unit_ids = scope.unit_ids()
        rates = reports.response_rates(inventory, by_unit=True, unit_ids=unit_ids)
        # Each unit's rate says how many there have not answered: the list reads those units.
        missing = lists.not_answered(inventory, unit_ids, limit=MISSING_LIMIT, unit_rates=rates)
    # The units the manager manages, each counted with the units below it (the drill-down's top).
    managed = reports.HEAD.id.in_(
        select(UnitManager.unit_id).where(UnitManager.person_id == current_user.id)
    )
    return render_template(
        "needs/team.html",
        areas=services.inventory_areas(inventory),
        unit_rates=reports.response_rates(inventory, heads=managed),
        cells=reports.heat_map(inventory, heads=managed),
        unit_url=lambda row: url_for(
            "needs.unit_results", inventory_id=inventory.id, unit_id=row.id
        ),
        inventory=inventory,
        rates=rates,
        total=reports.total_rate(rates),
        missing=missing,
    )


def home_panel(person: Person) -> str | None:
    inventories = services.open_inventories_for(person)
    managed: list[NeedsInventory] = []
    if person.has_role(Role.MANAGER):
        managed = sorted(services.open_inventories(), key=lambda inventory: inventory.id)
    if not inventories and not managed:
        return None
    submissions = {
        s.inventory_id: s
        for s in db.session.scalars(
            select(NeedsSubmission).where(
                NeedsSubmission.person_id == person.id,
                NeedsSubmission.inventory_id.in_([i.id for i in inventories]),
            )
        )
    }
    return render_template(
        "needs/_panel.html", inventories=inventories, submissions=submissions, managed=managed
    )
