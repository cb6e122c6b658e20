"""Swedish letters on both databases: search and name checks fold Å, Ä and Ö like any other
letter, and lists sort them after Z in Swedish order (Å, Ä, Ö)."""

from typing import Any

from sqlalchemy import select

from learnapp.admin.people_list import PeopleFilter, count, page_of
from learnapp.extensions import db
from learnapp.org.models import Department, Unit
from learnapp.swedish import sort_key
from tests import factories


def test_the_people_search_finds_a_name_that_starts_with_a_swedish_letter(org: Any) -> None:
    factories.person(org.soder, name="Örjan Åström", email="orjan@example.org")
    db.session.commit()
    for query in ("Örjan", "örjan", "ÖRJAN", "Åström", "åström", "rjan"):
        f = PeopleFilter.from_args({"q": query})
        assert [r.person.name for r in page_of(f, 1, 50)] == ["Örjan Åström"], query
        assert count(f) == 1


def test_the_people_search_lists_names_in_swedish_order(org: Any) -> None:
    for name in ("Östen Lind", "Zara Berg", "Ärla Holm", "Åke Nord", "Anna Ek"):
        factories.person(org.soder, name=f"{name}", email=f"{name.split()[0].lower()}@kommun.se")
    db.session.commit()
    rows = page_of(PeopleFilter(q="@kommun.se"), 1, 50)
    assert [r.person.name for r in rows] == [
        "Anna Ek",
        "Zara Berg",
        "Åke Nord",
        "Ärla Holm",
        "Östen Lind",
    ]


def test_a_department_name_differing_only_in_the_case_of_a_swedish_letter_is_taken(
    client: Any, login: Any, org: Any
) -> None:
    factories.department("Östra förvaltningen", "OST")
    db.session.commit()
    login(org.admin)
    response = client.post("/admin/departments", data={"name": "östra förvaltningen", "code": "N"})
    assert response.status_code == 422
    assert db.session.scalar(select(Department).where(Department.code == "N")) is None


def test_a_unit_name_differing_only_in_the_case_of_a_swedish_letter_is_taken(
    client: Any, login: Any, org: Any
) -> None:
    factories.unit(org.school_dept, "Älvskolan", parent=org.schools)
    db.session.commit()
    login(org.admin)
    response = client.post(
        "/admin/units",
        data={"name": "ÄLVSKOLAN", "department": org.school_dept.id, "parent": org.schools.id},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(Unit).where(Unit.name == "ÄLVSKOLAN")) is None


def test_the_swedish_sort_key_puts_the_three_letters_after_z_in_their_order() -> None:
    words = ["ö", "Å", "z", "ä", "a", "é", "e"]
    assert sorted(words, key=sort_key) == ["a", "e", "é", "z", "Å", "ä", "ö"]


def test_the_sort_key_of_names_with_and_without_accents_beyond_the_swedish_letters() -> None:
    assert sort_key("Åsa Öberg-Ärlig") == ("{0sa {2berg-{1rlig", "Åsa Öberg-Ärlig")
    assert sort_key("Müller Ærø") == ("myller {1r{2", "Müller Ærø")
    assert sort_key("Régis Öst") == ("regis {2st", "Régis Öst")
    assert sort_key("Straße") == ("strasse", "Straße")
