"""The status report: its figures, its choice of inventory, saving, snapshots and the trend."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from learnapp.audit.models import AuditEvent
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import Need
from learnapp.needs.services import close_inventory
from learnapp.reports import queries, snapshots
from learnapp.reports.models import CompletionSnapshot, SavedReport, SavedReportChanged
from learnapp.training import status
from learnapp.training.models import RuleScope
from tests import factories
from tests.training.conftest import complete, days

# The report's day is the organisation's local date (the completions below happen now).
TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()


def build(inventory_id=None, start=date(TODAY.year, 1, 1), end=TODAY):
    return queries.build(start, end, queries.choose_inventory(inventory_id), utcnow())


def small_org(org, course, make_rule):
    """School: staff (key, completed), other_staff (key, overdue), manager (completed).
    Social: social_staff (overdue) and a key person who completed."""
    org.other_staff.is_key_person = True
    key_social = factories.person(org.social, is_key_person=True)
    db.session.commit()
    make_rule(RuleScope.EVERYONE, due_days=5)
    complete(org.staff, course)
    complete(org.manager, course)
    complete(key_social, course)
    status.refresh(now=utcnow() + days(6))
    db.session.commit()
    return key_social


def department(data, dept):
    return next(d for d in data["departments"] if d["id"] == dept.id)


def test_totals_and_departments_count_key_persons_and_all_staff(org, course, make_rule):
    small_org(org, course, make_rule)
    data = build()
    school = department(data, org.school_dept)["courses"][str(course.id)]
    assert (school["assigned"], school["completed"], school["overdue"]) == (3, 2, 1)
    assert (school["key_assigned"], school["key_completed"]) == (2, 1)
    total = data["totals"]["courses"][str(course.id)]
    assert (total["assigned"], total["completed"], total["key_assigned"]) == (5, 3, 3)
    assert data["totals"]["overdue"] == 2
    assert data["totals"]["completed_in_period"] == {"all": 3, "key": 2}


def test_completed_in_period_leaves_out_completions_before_it(org, course, make_rule):
    make_rule(RuleScope.EVERYONE)
    complete(org.staff, course, at=utcnow() - timedelta(days=40))
    complete(org.manager, course)
    data = build(start=TODAY - timedelta(days=10))
    assert department(data, org.school_dept)["completed_in_period"]["all"] == 1


def test_completions_in_the_period_are_read_through_their_partial_index(org, course, make_rule):
    """SQLite uses a partial index only when the query states the index's terms as written (a
    literal status, booleans as "= 1"); otherwise it read every status row of the departments.
    (PostgreSQL's planner scans a table this small whatever the indexes: measured in bench/.)"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a plan on SQLite")
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "GROUP BY course_status.department_id" in statement and "completed_at >=" in statement:
            seen.append((statement, parameters))

    complete(org.manager, course)
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        build()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    ((statement, parameters),) = seen
    connection = db.session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert "ix_course_status_completed_mandatory" in str(plan)


def test_default_inventory_is_the_newest_closed_not_a_newer_open_one(org, areas, make_inventory):
    closed = make_inventory("Våren")
    close_inventory(closed, org.coordinator)
    make_inventory("Hösten")  # opened later, still open
    db.session.commit()
    choice = queries.choose_inventory(None)
    assert (choice.inventory.title, choice.how) == ("Våren", "closed")


def test_default_inventory_is_the_newest_open_when_none_is_closed(org, areas, make_inventory):
    make_inventory("Hösten")
    assert queries.choose_inventory(None).how == "open"


def test_a_chosen_inventory_is_used(org, areas, make_inventory):
    first = make_inventory("Våren")
    close_inventory(first, org.coordinator)
    second = make_inventory("Hösten")
    close_inventory(second, org.coordinator)
    db.session.commit()
    data = build(first.id)
    assert (data["inventory"]["title"], data["inventory"]["how"]) == ("Våren", "chosen")


def test_a_draft_cannot_be_chosen(org, areas, make_inventory):
    draft = make_inventory("Utkast", opened=False)
    assert queries.choose_inventory(draft.id).how == "none"


def test_response_rate_and_top_three_areas_per_department(org, areas, make_inventory, answer):
    people = [factories.person(org.soder, is_key_person=True) for _ in range(3)]
    db.session.commit()
    inv = make_inventory()
    great = (1, Need.GREAT)
    for person in people:  # areas 0, 1, 2 great for all three; area 3 for one
        answer(
            inv,
            person,
            {0: great, 1: great, 2: great, 3: great if person is people[0] else (2, Need.SOME)},
        )
    data = build()
    school = department(data, org.school_dept)
    assert (school["answered"], school["in_scope"]) == (3, 4)  # staff is a key person too
    assert [a["name_sv"] for a in school["top_areas"]] == [a.name_sv for a in areas[:3]]
    assert school["top_areas"][0] == {
        "name_sv": areas[0].name_sv,
        "name_en": areas[0].name_en,
        "great": 3,
        "answers": 3,
    }


def test_a_department_with_two_respondents_shows_no_areas(org, areas, make_inventory, answer):
    other = factories.person(org.soder, is_key_person=True)
    db.session.commit()
    inv = make_inventory()
    answer(inv, org.staff, default=(1, Need.GREAT))
    answer(inv, other, default=(1, Need.GREAT))
    school = department(build(), org.school_dept)
    assert school["answered"] == 2 and school["top_areas"] == []


def test_snapshot_copies_the_rollup_and_replaces_the_months_earlier_one(org, course, make_rule):
    small_org(org, course, make_rule)
    assert snapshots.take(TODAY, utcnow()) == 4  # 2 departments × key / not key
    complete(org.other_staff, course)
    assert snapshots.take(TODAY, utcnow()) == 4
    rows = db.session.scalars(select(CompletionSnapshot)).all()
    key_school = next(r for r in rows if r.department_id == org.school_dept.id and r.is_key_person)
    assert (key_school.assigned, key_school.completed, key_school.overdue) == (2, 2, 0)
    assert key_school.department_name == "Utbildningsförvaltningen"


def test_trend_takes_the_last_snapshot_of_each_quarter(org, course, make_rule):
    small_org(org, course, make_rule)
    snapshots.take(date(2026, 7, 1), utcnow())  # Q3, superseded by September's
    complete(org.other_staff, course)
    snapshots.take(date(2026, 9, 1), utcnow())
    snapshots.take(date(2026, 10, 1), utcnow())
    trend = snapshots.quarterly_trend(TODAY)
    assert [(p.quarter, p.month) for p in trend] == [("2026 K3", "2026-09"), ("2026 K4", "2026-10")]
    assert (trend[0].completed, trend[0].assigned, trend[0].key_completed) == (4, 5, 3)


def test_trend_survives_people_leaving(org, course, make_rule):
    small_org(org, course, make_rule)
    snapshots.take(date(2026, 9, 1), utcnow())
    org.staff.active = False
    db.session.commit()
    assert snapshots.quarterly_trend(TODAY)[0].completed == 3


def test_snapshot_command_stores_the_month(runner, org, course, make_rule):
    small_org(org, course, make_rule)
    result = runner.invoke(args=["reports", "snapshot"])
    assert result.exit_code == 0 and "4 rows" in result.output
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "reports.snapshot_taken")
    )


def test_a_saved_report_cannot_be_changed(org, course, make_rule):
    from learnapp.reports.services import save_report

    report = save_report(
        build(),
        title="TSU 2026-12",
        meeting_on=None,
        assessment="Bra.",
        measures="",
        actor=org.coordinator,
        now=utcnow(),
    )
    db.session.commit()
    report.assessment = "Ändrad"
    with pytest.raises(SavedReportChanged):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(SavedReport, report.id).assessment == "Bra."
