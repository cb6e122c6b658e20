"""Assignment mails through a real SMTP server: one per person listing every new course,
mandatory first with due dates, links from BASE_URL, never the same assignment twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from babel.dates import format_date
from icalendar import Calendar
from sqlalchemy import func, select

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.notifications.delivery import deliver
from learnapp.notifications.models import MailPreference, OutboxMail
from learnapp.org.models import Person
from learnapp.training import assign
from learnapp.training.models import Assignment, RuleScope
from tests import factories
from tests.notifications.conftest import text
from tests.training.conftest import course, make_rule  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def base_url(app):
    app.config["BASE_URL"] = "https://utbildning.example.org"


def test_a_department_rule_mails_each_person_there_once(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept, due_days=30)
    deliver()
    school_people = [org.manager, org.staff, org.other_staff]
    for person in school_people:
        [message] = smtp.to(person.email)
        body = text(message)
        assert "Grunder om extremism" in body
        due = format_date(utcnow().date() + timedelta(days=30), "long", locale="sv")
        assert message["Subject"] == "Ny kurs till dig: Grunder om extremism"
        assert "https://utbildning.example.org/courses/grunder/" in body
        assert "https://utbildning.example.org/training/mine" in body
        assert f"Grunder om extremism, klar senast {due}" in body
    assert smtp.to(org.social_staff.email) == []
    assert len(smtp.messages) == 3


def test_a_second_rule_the_same_day_does_not_repeat_the_first(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept)
    other = factories.course("samverkan", title="Samverkan med polisen")
    db.session.commit()
    make_rule(RuleScope.KEY_PERSONS, course=other)
    deliver()
    first, second = smtp.to(org.staff.email)
    assert "Grunder om extremism" in text(first)
    assert "Samverkan med polisen" in text(second)
    assert "Grunder om extremism" not in text(second)


def test_the_same_course_from_a_second_rule_is_not_mailed_again(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept)
    make_rule(RuleScope.KEY_PERSONS)
    deliver()
    assert len(smtp.to(org.staff.email)) == 1


def test_several_courses_in_one_change_are_one_mail_mandatory_first(smtp, org, course):  # noqa: F811
    optional = factories.course("extra", title="Anhörigstöd")
    mandatory = factories.course("signaler", title="Signaler och oro")
    db.session.commit()
    people = select(Person.id).where(Person.id == org.staff.id)
    assign.assign_courses(
        people,
        [optional],
        due_days=60,
        mandatory=False,
        source="needs",
        assigned_by=org.coordinator,
    )
    assign.assign_courses(
        people,
        [mandatory],
        due_days=20,
        mandatory=True,
        source="needs",
        assigned_by=org.coordinator,
    )
    db.session.commit()
    deliver()
    [message] = smtp.to(org.staff.email)
    body = text(message)
    assert message["Subject"] == "2 nya kurser till dig"
    assert body.index("Obligatoriska:") < body.index("Signaler och oro")
    assert body.index("Signaler och oro") < body.index("Rekommenderade:")
    assert body.index("Rekommenderade:") < body.index("Anhörigstöd")


def test_the_mail_carries_the_due_dates_as_a_calendar_file(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.KEY_PERSONS, due_days=14)
    deliver()
    [message] = smtp.to(org.staff.email)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    cal = Calendar.from_ical(attachment.get_content())
    [event] = cal.walk("VEVENT")
    assert event.decoded("dtstart") == utcnow().date() + timedelta(days=14)
    assert "Grunder om extremism" in str(event["summary"])


def test_a_rolled_back_rule_mails_nobody(smtp, org, course):  # noqa: F811
    data = assign.RuleInput(course=course, scope=RuleScope.EVERYONE, due_days=30, mandatory=True)
    assign.create_rule(data, org.coordinator)
    db.session.rollback()
    deliver()
    assert smtp.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_a_withdrawn_assignment_is_not_mailed(smtp, org, course, make_rule):  # noqa: F811
    rule = make_rule(RuleScope.KEY_PERSONS)
    assign.remove_rule(rule)
    db.session.commit()
    result = deliver()
    assert result.cancelled == 1
    assert smtp.messages == []


def test_the_mail_is_in_the_persons_language(smtp, org, course, make_rule):  # noqa: F811
    org.staff.language = "en"
    db.session.commit()
    make_rule(RuleScope.KEY_PERSONS)
    deliver()
    [message] = smtp.to(org.staff.email)
    assert message["Subject"] == "New course for you: Grunder om extremism"
    assert "You get this message because courses were assigned to you." in text(message)


def test_a_person_who_turned_optional_mail_off_gets_only_mandatory(smtp, org, course):  # noqa: F811
    db.session.add(MailPreference(person_id=org.staff.id, optional_mails=False))
    db.session.commit()
    people = select(Person.id).where(Person.id == org.staff.id)
    assign.assign_courses(
        people, [course], due_days=30, mandatory=False, source="needs", assigned_by=org.coordinator
    )
    db.session.commit()
    deliver()
    assert smtp.messages == []
    other = factories.course("signaler", title="Signaler och oro")
    assign.assign_courses(
        people, [other], due_days=30, mandatory=True, source="needs", assigned_by=org.coordinator
    )
    db.session.commit()
    deliver()
    [message] = smtp.to(org.staff.email)
    assert "Signaler och oro" in text(message)


def test_a_person_who_joins_later_is_mailed_by_the_rule(smtp, org, course, make_rule):  # noqa: F811
    from learnapp import signals

    make_rule(RuleScope.UNIT, unit=org.soder)
    deliver()
    newcomer = factories.person(org.soder, name="Ny Lärare", email="ny@example.org")
    signals.person_changed.send(person=newcomer, created=True, moved=False, deactivated=False)
    db.session.commit()
    deliver()
    [message] = smtp.to("ny@example.org")
    assert "Grunder om extremism" in text(message)


def test_a_recommended_rule_set_not_to_mail_mails_nobody(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept, mandatory=False, notify=False)
    deliver()
    assert smtp.messages == []
    assigned = db.session.scalars(select(Assignment.person_id)).all()
    assert org.staff.id in assigned
    # Not mailed later either, when another course arrives.
    other = factories.course("samverkan", title="Samverkan med polisen")
    db.session.commit()
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept, course=other)
    deliver()
    [message] = smtp.to(org.staff.email)
    assert "Samverkan med polisen" in text(message)
    assert "Grunder om extremism" not in text(message)


def test_a_recommended_rule_that_mails_still_mails(smtp, org, course, make_rule):  # noqa: F811
    make_rule(RuleScope.DEPARTMENT, department=org.school_dept, mandatory=False, notify=True)
    deliver()
    assert len(smtp.to(org.staff.email)) == 1


def test_a_mandatory_rule_always_mails(smtp, org, course, make_rule):  # noqa: F811
    rule = make_rule(RuleScope.DEPARTMENT, department=org.school_dept, mandatory=True, notify=False)
    assert rule.notify is True
    deliver()
    assert len(smtp.to(org.staff.email)) == 1
