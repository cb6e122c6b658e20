"""The managers' weekly summary through a real SMTP server: the courses newly assigned in their
units since the last summary (per course, counted in SQL), the open inventory's response rate
in their units, nothing for a manager who turned optional mails off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.needs.models import InventoryScope
from learnapp.notifications import digest, summaries
from learnapp.notifications.delivery import deliver
from learnapp.notifications.preferences import set_optional
from learnapp.org.models import UnitManager
from learnapp.training.models import Assignment, RuleScope
from tests import factories
from tests.needs.conftest import answer, areas, make_inventory  # noqa: F401 (fixtures)
from tests.notifications.conftest import text
from tests.querycount import count_statements
from tests.training.conftest import course, make_rule  # noqa: F401 (fixtures)


@pytest.fixture
def english_manager(org):
    org.manager.language = "en"
    db.session.commit()
    return org.manager


def _summaries(smtp, person):
    return [m for m in smtp.to(person.email) if m["X-Learnapp-Kind"] == "manager_summary"]


def _send(now=None):
    sent = summaries.send_manager_summaries(now or utcnow())
    db.session.commit()
    deliver()
    return sent


def test_the_summary_lists_new_courses_in_the_managers_units_per_course(
    smtp,
    org,
    english_manager,
    course,  # noqa: F811
    make_rule,  # noqa: F811
):
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept, due_days=30)
    other = factories.course("samverkan", title="Samverkan med polisen")
    db.session.commit()
    make_rule(RuleScope.KEY_PERSONS, course=other, mandatory=False)
    assert _send() == 1
    [summary] = _summaries(smtp, org.manager)
    body = text(summary)
    assert summary["Subject"] == "Weekly summary for your units"
    assert "New courses assigned in your units since the last summary:" in body
    # Söderskolan: the manager and Lärare Söder; Lärare Norr is in another unit.
    assert "- Grunder om extremism (mandatory): 2 people" in body
    assert "- Samverkan med polisen (recommended): 1 person" in body
    assert body.index("Grunder om extremism") < body.index("Samverkan med polisen")


def test_a_course_is_listed_once_and_not_again_in_the_next_summary(
    smtp,
    org,
    english_manager,
    course,  # noqa: F811
    make_rule,  # noqa: F811
):
    make_rule(RuleScope.UNIT, unit=org.soder, due_days=30)
    now = utcnow()
    assert _send(now) == 1
    smtp.messages.clear()
    # A week later nothing new and nobody overdue: no summary at all.
    assert _send(now + timedelta(days=8)) == 0
    assert _summaries(smtp, org.manager) == []
    later = factories.course("samverkan", title="Samverkan med polisen")
    db.session.commit()
    make_rule(RuleScope.UNIT, unit=org.soder, course=later, due_days=30)
    db.session.execute(
        update(Assignment)
        .where(Assignment.course_id == later.id)
        .values(assigned_at=now + timedelta(days=9))
    )
    assert _send(now + timedelta(days=16)) == 1
    body = text(_summaries(smtp, org.manager)[0])
    assert "Samverkan med polisen (mandatory): 2 people" in body
    assert "Grunder om extremism" not in body


def test_withdrawn_assignments_are_not_counted(smtp, org, english_manager, course, make_rule):  # noqa: F811
    make_rule(RuleScope.UNIT, unit=org.soder, due_days=30)
    db.session.execute(
        update(Assignment).where(Assignment.person_id == org.staff.id).values(withdrawn_at=utcnow())
    )
    result = digest.new_assignments([org.manager.id], utcnow())
    [line] = result[org.manager.id]
    assert (line.title, line.people) == ("Grunder om extremism", 1)


def test_the_summary_gives_the_open_inventorys_response_in_the_managers_units(
    smtp,
    org,
    english_manager,
    make_inventory,  # noqa: F811
    answer,  # noqa: F811
):
    inventory = make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.school_dept])
    inventory.closes_on = utcnow().date() + timedelta(days=10)
    db.session.commit()
    answer(inventory, org.staff)
    answer(inventory, org.other_staff)  # Norrskolan: not the manager's
    assert _send() == 1
    body = text(_summaries(smtp, org.manager)[0])
    assert "Training-needs inventory, response in your units:" in body
    assert f"- {inventory.title}: 1 of 2 have answered (50%) – closes" in body


def test_an_inventory_that_asks_nobody_in_the_units_is_left_out(
    smtp,
    org,
    english_manager,
    make_inventory,  # noqa: F811
):
    make_inventory(scope=InventoryScope.DEPARTMENTS, departments=[org.social_dept])
    assert digest.inventory_rates([org.manager.id]) == {}
    assert _send() == 0


def test_the_summary_is_in_swedish_for_a_swedish_manager(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.UNIT, unit=org.soder, due_days=30)
    _send()
    [summary] = _summaries(smtp, org.manager)
    assert summary["Subject"] == "Veckosammanfattning för dina enheter"
    assert "- Grunder om extremism (obligatorisk): 2 personer" in text(summary)


def test_a_manager_who_turned_optional_mails_off_gets_no_summary(
    smtp,
    org,
    course,  # noqa: F811
    make_rule,  # noqa: F811
    make_inventory,  # noqa: F811
):
    set_optional(org.manager, False)
    db.session.commit()
    make_rule(RuleScope.UNIT, unit=org.soder, due_days=30)
    make_inventory(scope=InventoryScope.EVERYONE)
    assert _send() == 0
    assert _summaries(smtp, org.manager) == []


def test_the_digest_costs_the_same_statements_for_more_managers(
    org,
    course,  # noqa: F811
    make_rule,  # noqa: F811
    make_inventory,  # noqa: F811
):
    make_rule(RuleScope.EVERYONE, due_days=30)
    make_inventory(scope=InventoryScope.EVERYONE)
    now = utcnow()
    digest.digests([org.manager.id], now)  # loads what the session had expired at the commit
    with count_statements() as one:
        digest.digests([org.manager.id], now)
    for unit, name in ((org.norr, "Rektor Norr"), (org.social, "Chef Barn och unga")):
        factories.person(unit, name=name, email=f"m{unit.id}@example.org", manages=[unit])
    db.session.commit()
    ids = [m.person_id for m in db.session.query(UnitManager).all()]
    digest.digests(ids, now)
    with count_statements() as three:
        result = digest.digests(ids, now)
    assert len(three) == len(one)
    assert all(result[m].new_courses for m in ids)
    assert all(result[m].inventories for m in ids)
