from __future__ import annotations

from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, UnitManager


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_load_creates_the_organisation_and_accounts(runner):
    result = runner.invoke(args=["demo", "load", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    assert _count(Department) == 6
    people = _count(Person)
    assert 75 <= people <= 90
    key_persons = db.session.scalar(select(func.count()).where(Person.is_key_person))
    assert 12 <= key_persons <= 20
    roles = {
        p.email: p.roles
        for p in db.session.scalars(select(Person).where(Person.email.like("%@example.org")))
    }
    assert Role.ADMIN in roles["admin@example.org"]
    assert Role.COORDINATOR in roles["samordnare@example.org"]
    assert Role.MANAGER in roles["chef@example.org"]
    assert roles["medarbetare@example.org"] == frozenset()
    chef = db.session.scalar(select(Person).where(Person.email == "chef@example.org"))
    staff = db.session.scalar(select(Person).where(Person.email == "medarbetare@example.org"))
    managed = db.session.scalars(
        select(UnitManager.unit_id).where(UnitManager.person_id == chef.id)
    ).all()
    assert managed == [staff.unit_id]
    assert staff.check_password("demo-password-1")


def test_demo_load_is_idempotent(runner):
    runner.invoke(args=["demo", "load", "--password", "demo-password-1"])
    before = (_count(Person), _count(Department))
    result = runner.invoke(args=["demo", "load", "--password", "demo-password-1"])
    assert result.exit_code == 0
    assert "(0 new)" in result.output
    assert (_count(Person), _count(Department)) == before


def test_demo_load_without_password_prints_a_generated_one(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0
    line = next(
        row
        for row in result.output.splitlines()
        if row.startswith("Password for the demo accounts")
    )
    password = line.split(": ", 1)[1]
    staff = db.session.scalar(select(Person).where(Person.email == "medarbetare@example.org"))
    assert staff.check_password(password)


def test_create_admin_command(runner):
    result = runner.invoke(
        args=["users", "create-admin", "--email", "It@Example.org"],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(Person).where(Person.email == "it@example.org"))
    assert Role.ADMIN in admin.roles
    assert admin.check_password("long-enough-pw")


def test_create_admin_refuses_a_short_password(runner):
    result = runner.invoke(
        args=["users", "create-admin", "--email", "x@example.org"], input="short\nshort\n"
    )
    assert result.exit_code != 0
    assert _count(Person) == 0


def _events():
    from learnapp.audit.models import AuditEvent

    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_create_admin_writes_the_new_account_to_the_audit_log(runner):
    runner.invoke(
        args=["users", "create-admin", "--email", "it@example.org"],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    admin = db.session.scalar(select(Person).where(Person.email == "it@example.org"))
    [event] = _events()
    assert (event.action, event.target_id, event.details) == (
        "person.created",
        admin.id,
        {"roles": ["admin"], "source": "cli"},
    )


def test_create_admin_on_an_existing_account_logs_the_role_and_password_change(runner, org):
    runner.invoke(
        args=["users", "create-admin", "--email", org.staff.email],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    events = [(e.action, e.target_id) for e in _events()]
    assert events == [
        ("person.roles_changed", org.staff.id),
        ("person.password_set", org.staff.id),
    ]


def test_demo_load_runs_every_features_part(runner):
    from learnapp.needs.models import InventoryState, NeedsInventory
    from learnapp.routines.models import Routine
    from learnapp.training.models import Assignment

    assert runner.invoke(args=["courses", "sync"]).exit_code == 0
    result = runner.invoke(args=["demo", "load", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    inventory = db.session.scalars(select(NeedsInventory)).one()
    assert inventory.state == InventoryState.OPEN
    assert _count(Assignment) > 0
    school = db.session.scalar(select(Routine).where(Routine.template_key == "skola-och-forskola"))
    assert school is not None and school.is_published
    again = runner.invoke(args=["demo", "load", "--password", "demo-password-1"])
    assert again.exit_code == 0, again.output
    assert _count(NeedsInventory) == 1 and school.published_version == 1
