"""Departments and units named in an HR file: found by name or path, or planned and created."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from learnapp.admin.hr_import import HrRow, RowError
from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.org.services import create_department, create_units

UnitKey = tuple[str, tuple[str, ...]]  # (department name lower-cased, unit path lower-cased)


def row_key(row: HrRow) -> UnitKey:
    return (row.department.lower(), tuple(p.lower() for p in row.unit_path))


class Units:
    """Every department and unit, looked up by name; new ones are planned, then created."""

    def __init__(self, only: list[HrRow] | None = None) -> None:
        """Every department and unit; with `only`, just those the rows could name (one small
        query for one person sent by SCIM instead of the whole organisation)."""
        self.departments: dict[str, Department] = {}
        if only is None:
            found = list(db.session.scalars(select(Department)))
            self.units = list(db.session.scalars(select(Unit)))
        else:
            # One query: the departments named, each with those of its units the rows name.
            names = {r.department.lower() for r in only}
            parts = {part.lower() for r in only for part in r.unit_path}
            rows = db.session.execute(
                select(Department, Unit)
                .outerjoin(
                    Unit,
                    and_(Unit.department_id == Department.id, func.lower(Unit.name).in_(parts)),
                )
                .where(
                    or_(
                        func.lower(Department.name).in_(names),
                        func.lower(Department.code).in_(names),
                    )
                )
            ).all()
            found = list(dict.fromkeys(dept for dept, _unit in rows))
            self.units = [unit for _dept, unit in rows if unit is not None]
        for dept in found:
            self.departments[dept.name.lower()] = dept
            self.departments.setdefault(dept.code.lower(), dept)
        self.by_parent = {(u.department_id, u.parent_id, u.name.lower()): u for u in self.units}
        self.resolved: dict[UnitKey, Unit] = {}
        self.missing_departments: dict[str, str] = {}  # lower -> as written
        self.missing_units: dict[UnitKey, list[str]] = {}  # key -> path as written

    def resolve(self, row: HrRow, create: bool, labels: dict[str, str]) -> UnitKey | RowError:
        dept_key = row.department.lower()
        path = row.unit_path
        key = row_key(row)
        if key in self.resolved or key in self.missing_units:
            return key
        dept = self.departments.get(dept_key)
        if dept is None:
            if not create:
                return RowError(
                    row.row,
                    labels.get("department", ""),
                    _("unknown department: %(name)s", name=row.department),
                )
            self.missing_departments.setdefault(dept_key, row.department)
            self.missing_units[key] = path
            return key
        unit = self._find(dept, path)
        if isinstance(unit, Unit):
            self.resolved[key] = unit
            return key
        if unit == "ambiguous":
            return RowError(
                row.row,
                labels.get("unit", ""),
                _(
                    "there are several units called %(name)s; write the path, e.g. %(example)s",
                    name=row.unit,
                    example="Grundskolor > " + row.unit,
                ),
            )
        if not create:
            return RowError(
                row.row,
                labels.get("unit", ""),
                _(
                    "unknown unit in %(department)s: %(name)s",
                    department=dept.name,
                    name=row.unit,
                ),
            )
        self.missing_units[key] = path
        return key

    def _find(self, dept: Department, path: list[str]) -> Unit | str | None:
        if len(path) == 1:
            named = [
                u
                for u in self.units
                if u.department_id == dept.id and u.name.lower() == path[0].lower()
            ]
            if len(named) > 1:
                return "ambiguous"
            return named[0] if named else None
        parent: Unit | None = None
        for part in path:
            parent = self.by_parent.get((dept.id, parent.id if parent else None, part.lower()))
            if parent is None:
                return None
        return parent

    @classmethod
    def for_rows(cls, rows: list[HrRow]) -> Units:
        return cls(only=rows)

    def create_missing(self) -> None:
        """Create the planned departments, then the planned units one level of the tree at a
        time (a few statements per level, whatever the number of units)."""
        if not self.missing_departments and not self.missing_units:
            return
        codes = {c.lower() for c in db.session.scalars(select(Department.code))}
        for dept_key, name in sorted(self.missing_departments.items()):
            code = _department_code(name, codes)
            codes.add(code.lower())
            self.departments[dept_key] = create_department(name, code)
        paths = {key: path for key, path in self.missing_units.items() if len(path) > 1}
        for depth in range(1, max((len(p) for p in paths.values()), default=0) + 1):
            wanted: dict[tuple[int, int | None, str], tuple[str, Department, Unit | None]] = {}
            for key, path in paths.items():
                if len(path) >= depth:
                    dept = self.departments[key[0]]
                    parent = self._at(dept, path[: depth - 1])
                    self._plan(wanted, path[depth - 1], dept, parent)
            self._create(wanted)
        for key, path in paths.items():
            self.resolved[key] = self._at(self.departments[key[0]], path)  # type: ignore[assignment]
        # A unit named alone is the department's only unit of that name at any level (as when
        # planning), or else a new top unit.
        singles = {key: path for key, path in self.missing_units.items() if len(path) == 1}
        wanted = {}
        for key, path in singles.items():
            dept = self.departments[key[0]]
            if not isinstance(found := self._find(dept, path), Unit):
                self._plan(wanted, path[0], dept, None)
            else:
                self.resolved[key] = found
        self._create(wanted)
        for key, path in singles.items():
            dept = self.departments[key[0]]
            self.resolved.setdefault(key, self.by_parent[(dept.id, None, path[0].lower())])
        self.missing_units.clear()

    def _at(self, dept: Department, path: list[str]) -> Unit | None:
        """The unit at `path` from the top of the department (None for the empty path)."""
        unit: Unit | None = None
        for part in path:
            unit = self.by_parent[(dept.id, unit.id if unit else None, part.lower())]
        return unit

    def _plan(
        self,
        wanted: dict[tuple[int, int | None, str], tuple[str, Department, Unit | None]],
        name: str,
        dept: Department,
        parent: Unit | None,
    ) -> None:
        key = (dept.id, parent.id if parent else None, name.lower())
        if key not in self.by_parent:
            wanted.setdefault(key, (name, dept, parent))

    def _create(
        self, wanted: dict[tuple[int, int | None, str], tuple[str, Department, Unit | None]]
    ) -> None:
        for unit in create_units(list(wanted.values())):
            self._remember(unit)

    def _remember(self, unit: Unit) -> None:
        self.units.append(unit)
        self.by_parent[(unit.department_id, unit.parent_id, unit.name.lower())] = unit


def _department_code(name: str, taken: set[str]) -> str:
    base = re.sub(
        r"[^A-Z0-9]", "", name.upper().replace("Å", "A").replace("Ä", "A").replace("Ö", "O")
    )
    base = (base or "DEPT")[:8]
    code, n = base, 2
    while code.lower() in taken:
        code, n = f"{base[:6]}{n}", n + 1
    return code
