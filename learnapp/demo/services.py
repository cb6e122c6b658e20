"""`flask demo load`: the demo organisation, idempotent. Everyone in it is fictitious."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select

from learnapp.areas.services import seed_default_areas
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit
from learnapp.org.services import add_managed_unit, create_department, create_person, create_unit

# (code, name, external, {unit: [sub-units]})
ORGANISATION: list[tuple[str, str, bool, dict[str, list[str]]]] = [
    (
        "KSF",
        "Kommunstyrelsens förvaltning",
        False,
        {
            "Trygg- och säkerhetsenheten": [],
            "Kommunikationsenheten": [],
            "HR-enheten": [],
            "Kontaktcenter": [],
        },
    ),
    (
        "UTB",
        "Utbildningsförvaltningen",
        False,
        {
            "Grundskolor": ["Söderskolan", "Norrskolan", "Västerskolan"],
            "Gymnasieskolan": [],
            "Elevhälsan": [],
        },
    ),
    (
        "OSF",
        "Omsorgs- och socialförvaltningen",
        False,
        {
            "Individ- och familjeomsorg": ["Barn och unga", "Vuxenenheten"],
            "Fältgruppen": [],
            "Försörjningsstöd": [],
        },
    ),
    (
        "KFF",
        "Kultur- och fritidsförvaltningen",
        False,
        {
            "Fritidsgårdar": ["Fritidsgården Centrum", "Fritidsgården Väster"],
            "Biblioteken": ["Stadsbiblioteket"],
            "Lokalbokning och föreningsservice": [],
        },
    ),
    (
        "MIL",
        "Miljöförvaltningen",
        False,
        {
            "Miljö- och hälsoskydd": [],
            "Tillsyn och lov": [],
        },
    ),
    (
        "POL",
        "Polisen (extern samverkanspart)",
        True,
        {
            "Lokalpolisområdet": [],
        },
    ),
]

DEMO_ACCOUNTS = [
    ("admin@example.org", "admin"),
    ("samordnare@example.org", "coordinator"),
    ("chef@example.org", "manager"),
    ("medarbetare@example.org", "staff"),
]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Sara",
    "Anders",
    "Eva",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Fredrik",
    "Sofia",
    "Daniel",
    "Elin",
    "Oskar",
    "Maja",
    "Ali",
    "Amira",
    "Hassan",
    "Leila",
    "Nils",
    "Ida",
    "Jonas",
    "Hanna",
    "Gustav",
    "Linnea",
    "Omar",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Berg",
    "Holm",
    "Ahmed",
    "Lund",
    "Strand",
    "Ek",
    "Nyström",
]

# (unit, job title, key-person function or "") for the generated people, in turn.
PLACEMENTS: list[tuple[str, str, str]] = [
    ("Trygg- och säkerhetsenheten", "Säkerhetssamordnare", "Säkerhetssamordnare"),
    ("Kommunikationsenheten", "Kommunikatör", ""),
    ("HR-enheten", "HR-konsult", ""),
    ("Kontaktcenter", "Kommunvägledare", ""),
    ("Söderskolan", "Lärare", ""),
    ("Norrskolan", "Lärare", ""),
    ("Norrskolan", "Rektor", "Rektor"),
    ("Västerskolan", "Lärare", ""),
    ("Västerskolan", "Rektor", "Rektor"),
    ("Gymnasieskolan", "Gymnasielärare", ""),
    ("Gymnasieskolan", "Rektor", "Rektor"),
    ("Elevhälsan", "Skolkurator", "Skolkurator"),
    ("Barn och unga", "Socialsekreterare", ""),
    ("Barn och unga", "Enhetschef", "Enhetschef socialtjänst"),
    ("Vuxenenheten", "Socialsekreterare", ""),
    ("Fältgruppen", "Fältsekreterare", "Fältsekreterare"),
    ("Försörjningsstöd", "Handläggare", ""),
    ("Fritidsgården Centrum", "Fritidsledare", "Fritidsledare"),
    ("Fritidsgården Väster", "Fritidsledare", ""),
    ("Stadsbiblioteket", "Bibliotekarie", ""),
    ("Lokalbokning och föreningsservice", "Lokalbokare", "Lokaluthyrning"),
    ("Miljö- och hälsoskydd", "Miljöinspektör", ""),
    ("Tillsyn och lov", "Byggnadsinspektör", ""),
    ("Lokalpolisområdet", "Kommunpolis", "Kommunpolis"),
    ("Söderskolan", "Lärare", ""),
    ("Söderskolan", "Fritidspedagog", ""),
]
GENERATED_PEOPLE = 76


@dataclass(frozen=True)
class DemoSummary:
    departments: int
    units: int
    people: int
    created: int


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _department(code: str, name: str, external: bool) -> Department:
    found = db.session.scalar(select(Department).where(Department.code == code))
    return found or create_department(name, code, is_external=external)


def _unit(name: str, department: Department, parent: Unit | None) -> Unit:
    parent_match = Unit.parent_id == parent.id if parent else Unit.parent_id.is_(None)
    found = db.session.scalar(
        select(Unit).where(Unit.department_id == department.id, Unit.name == name, parent_match)
    )
    return found or create_unit(name, department, parent)


def _person(email: str, name: str, password: str, **fields: object) -> tuple[Person, bool]:
    found = db.session.scalar(select(Person).where(Person.email == email))
    if found is not None:
        return found, False
    return create_person(name, email, password=password, **fields), True  # type: ignore[arg-type]


def load_demo(password: str) -> DemoSummary:
    """Create whatever of the demo organisation is missing. Existing rows are left as they are."""
    seed_default_areas()
    units: dict[str, Unit] = {}
    for code, name, external, tree in ORGANISATION:
        department = _department(code, name, external)
        for unit_name, children in tree.items():
            parent = _unit(unit_name, department, None)
            units[unit_name] = parent
            for child in children:
                units[child] = _unit(child, department, parent)

    created = 0
    school = units["Söderskolan"]
    fixed = [
        (
            "admin@example.org",
            "Demo Administratör",
            units["HR-enheten"],
            "Systemförvaltare",
            {Role.ADMIN},
            "",
        ),
        (
            "samordnare@example.org",
            "Demo Samordnare",
            units["Trygg- och säkerhetsenheten"],
            "Säkerhetssamordnare",
            {Role.COORDINATOR},
            "Säkerhetssamordnare",
        ),
        ("chef@example.org", "Demo Chef", school, "Rektor", set(), "Rektor"),  # manages school
        (
            "medarbetare@example.org",
            "Demo Medarbetare",
            school,
            "Lärare",
            set(),
            "Lärare, elevskydd",
        ),
    ]
    for email, name, unit, title, roles, function in fixed:
        person, new = _person(
            email,
            name,
            password,
            unit=unit,
            job_title=title,
            roles=roles,
            is_key_person=bool(function),
            key_function=function,
        )
        created += new
        if email == "chef@example.org":
            add_managed_unit(person, school)

    for i in range(GENERATED_PEOPLE):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        unit_name, title, function = PLACEMENTS[i % len(PLACEMENTS)]
        # Key persons only on the first pass through the placements, so there are about 15.
        key = bool(function) and i < len(PLACEMENTS)
        email = f"{_ascii(first)}.{_ascii(last)}{i + 1}@example.org"
        _, new = _person(
            email,
            f"{first} {last}",
            password,
            unit=units[unit_name],
            job_title=title,
            is_key_person=key,
            key_function=function if key else "",
            employee_number=f"D{1000 + i}",
        )
        created += new
    db.session.flush()
    return DemoSummary(
        departments=db.session.scalar(select(func.count()).select_from(Department)) or 0,
        units=db.session.scalar(select(func.count()).select_from(Unit)) or 0,
        people=db.session.scalar(select(func.count()).select_from(Person)) or 0,
        created=created,
    )
