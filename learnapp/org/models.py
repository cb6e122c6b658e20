"""The organisation: departments (förvaltningar), the unit tree, people and who manages what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    exists,
    func,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from learnapp.db import TimestampMixin, UTCDateTime, one_of
from learnapp.extensions import db


class Role(StrEnum):
    """Roles beyond staff (everyone is staff). A person can hold several.

    Only the coordinator and admin roles are stored (person_role). A manager is a person who
    manages at least one unit (unit_manager rows): a manager of nothing would see nothing, so
    the role is derived, never written (`Person.roles`, `holds_role` in SQL)."""

    MANAGER = "manager"  # chef
    COORDINATOR = "coordinator"  # samordnare
    ADMIN = "admin"  # administratör


# The roles person_role holds (its CHECK constraint, migration 0021) and a directory group may give.
STORED_ROLES = (Role.COORDINATOR, Role.ADMIN)


class Department(TimestampMixin, db.Model):  # förvaltning
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    is_external: Mapped[bool] = mapped_column(Boolean, default=False)

    units: Mapped[list[Unit]] = relationship(back_populates="department")

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class Unit(TimestampMixin, db.Model):  # enhet
    """A unit in a tree. `path` ("/1/5/23/") makes "this unit and all below it" one indexed LIKE."""

    __tablename__ = "unit"
    __table_args__ = (
        UniqueConstraint("department_id", "parent_id", "name"),
        # On PostgreSQL with the pattern operator class (migration 0023): a LIKE on a prefix uses
        # a B-tree index only under the C collation or with it, and the subtree of a unit at
        # 100,000 people was found by reading all ~3,000 units.
        Index("ix_unit_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), default="")

    department: Mapped[Department] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r}>"


# The naming rules of org.services, in the database: regardless of case (lower() is Unicode-aware
# on both databases: learnapp/swedish.py gives SQLite connections Python's), a department's name
# and code are unique, and a unit's name is unique among its siblings, at the top of a
# department's tree too (coalesce: NULLs would never clash). Migration 0011.
Index("uq_department_lower_name", func.lower(Department.name), unique=True)
Index("uq_department_lower_code", func.lower(Department.code), unique=True)
Index(
    "uq_unit_sibling_lower_name",
    Unit.department_id,
    func.coalesce(Unit.parent_id, 0),
    func.lower(Unit.name),
    unique=True,
)


class UnitManager(db.Model):
    """A manager sees this unit and everything below it."""

    __tablename__ = "unit_manager"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, index=True)

    person: Mapped[Person] = relationship()
    unit: Mapped[Unit] = relationship()


class Person(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_unit_active", "unit_id", "active"),
        # Lists of people by name (migration 0015), SQLite only since migration 0028. The lists
        # people read are in Swedish order: on PostgreSQL they read ix_person_name_sv below (the
        # training unit page's first pages of a 30,000-person subtree: a few index entries
        # instead of sorting them all). SQLite's Swedish collation is the application's, so no
        # index is in that order there, but SQLite reads this one as a covering index for the
        # administration's people list (the page's ids by name), smaller than the table.
        Index("ix_person_name", "name", "id").ddl_if(dialect="sqlite"),
        # The people not anonymised, counted index-only (the administration's people list).
        # PostgreSQL also has ix_person_name_sv, on (name COLLATE "sv-SE-x-icu", id), for that
        # list in Swedish order: an expression index, made by migration 0019 only.
        Index(
            "ix_person_live",
            "id",
            postgresql_where=text("anonymised_at IS NULL"),
            sqlite_where=text("anonymised_at IS NULL"),
        ),
        # The active key persons, whom most inventories and the status report count: an
        # index-only scan of them instead of reading some 3,500 table pages for 8,000 people.
        # With their function and name (PostgreSQL, migration 0020), the contacts page's first
        # 25 of a department's key persons too.
        Index(
            "ix_person_key_persons",
            "unit_id",
            "id",
            postgresql_include=["key_function", "name"],
            postgresql_where=text("is_key_person AND active"),
            sqlite_where=text("is_key_person = 1 AND active = 1"),
        ),
        # The active people of a subtree's units, index-only (migration 0025): a unit's reminder
        # page counts those with an overdue course below a department's top unit (10,000 of
        # 100,000) without reading the whole table.
        Index(
            "ix_person_active_unit",
            "unit_id",
            "id",
            postgresql_where=text("active"),
            sqlite_where=text("active = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-cased: e-mail addresses are unique regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    employee_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    is_key_person: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    key_function: Mapped[str] = mapped_column(String(200), default="")  # e.g. rektor
    # Shown in the routines' contacts block; never made up when missing.
    work_phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="sv")
    # Raised on password change and deactivation so that every other session ends.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last invitation mail (a link to set a password, or to the single sign-on).
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The OpenID Provider's subject (`oid` from Entra ID, else `sub`), remembered at the first
    # single sign-on so that a later change of e-mail address still finds the person.
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit | None] = relationship()
    role_rows: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    # The manager role: loaded in the person's own SELECT (the signed-in person costs no extra
    # statement). The services that add or remove managed units set it (`set_committed_value`).
    manages_units: Mapped[bool] = column_property(
        exists().where(UnitManager.person_id == id).correlate_except(UnitManager)
    )

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    @property
    def roles(self) -> frozenset[Role]:
        held = {Role(r.role) for r in self.role_rows}
        if self.manages_units:
            held.add(Role.MANAGER)
        return frozenset(held)

    def has_role(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    def set_roles(self, roles: set[Role]) -> None:
        """Set the stored roles; the manager role follows the managed units and is ignored here."""
        roles = set(roles) & set(STORED_ROLES)
        keep = [r for r in self.role_rows if Role(r.role) in roles]
        have = {Role(r.role) for r in keep}
        self.role_rows = keep + [PersonRole(role=r.value) for r in sorted(roles - have)]

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"] if current_app else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)

    # Flask-Login: the id carries the session version, so raising it signs out old sessions.
    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def __repr__(self) -> str:
        return f"<Person {self.id}>"


class PersonRole(db.Model):
    __tablename__ = "person_role"
    __table_args__ = (one_of("role", STORED_ROLES),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)

    person: Mapped[Person] = relationship(back_populates="role_rows")


def holds_role(role: Role) -> ColumnElement[bool]:
    """SQL: the person (`Person.id` of the enclosing query) holds `role`. A manager is one who
    manages a unit; the other roles are rows of person_role."""
    if role is Role.MANAGER:
        return exists().where(UnitManager.person_id == Person.id)
    return exists().where(PersonRole.person_id == Person.id, PersonRole.role == role.value)
