"""Names other than people's are listed in Swedish order on both databases: A–Z, then Å, Ä, Ö
(issue 15, point 6). Each list is read where its users see it; the people list has its own test
(tests/admin/test_swedish_search.py)."""

from __future__ import annotations

from typing import Any

from learnapp.extensions import db
from learnapp.org.models import Role
from tests import factories

# In Swedish order; a code-point or case-insensitive C order puts Ä before Å, or Å–Ö among the As.
DEPARTMENTS = ["Arbetsförvaltningen", "Zonförvaltningen", "Åsförvaltningen", "Älvförvaltningen",
               "Östra förvaltningen"]  # fmt: skip
UNITS = ["Aspskolan", "Zetaskolan", "Åkerskolan", "Ängsskolan", "Örnskolan"]
# People's names: "Kurator Åberg" after "Kurator Zetterlund", "Kurator Ä…" before "Kurator Ö…".
PEOPLE = ["Kurator Aspe", "Kurator Zetterlund", "Kurator Åberg", "Kurator Älvsjö",
          "Kurator Östling"]  # fmt: skip
COURSES = ["Arbetsmiljö i praktiken", "Zoonoser för nybörjare", "Åtgärder vid brand",
           "Ämnesdidaktik grund", "Ödesfrågor och etik"]  # fmt: skip


def in_page_order(page: str, names: list[str]) -> list[str]:
    """`names` in the order they first appear in the page (each must appear)."""
    missing = [n for n in names if n not in page]
    assert not missing, missing
    return sorted(names, key=page.index)


def made_in_reverse(make: Any, names: list[str]) -> None:
    """Create in reverse order, so that neither id nor insertion order gives the right answer."""
    for name in reversed(names):
        make(name)
    db.session.commit()


def test_department_lists_and_selects_are_in_swedish_order(
    client: Any, login: Any, org: Any
) -> None:
    made_in_reverse(lambda n: factories.department(n, n[:3].upper() + "X"), DEPARTMENTS)
    login(org.admin)
    urls = [
        "/admin/departments",
        "/admin/units",
        "/admin/people",
        "/training/rules/new",
        "/",
        "/needs/new",
        "/routines/editors",
        "/routines/new",
    ]
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        assert in_page_order(page, DEPARTMENTS) == DEPARTMENTS, url


def test_units_on_the_overviews_drill_down_are_in_swedish_order(
    client: Any, login: Any, org: Any
) -> None:
    made_in_reverse(lambda n: factories.unit(org.social_dept, n), UNITS)
    login(org.coordinator)
    page = client.get(f"/training/overview/departments/{org.social_dept.id}").get_data(as_text=True)
    assert in_page_order(page, UNITS) == UNITS


def test_the_units_a_manager_manages_are_in_swedish_order(org: Any) -> None:
    from learnapp.org.services import managed_units

    units = [factories.unit(org.social_dept, n) for n in reversed(UNITS)]
    boss = factories.person(org.soder, roles={Role.MANAGER}, manages=units)
    db.session.commit()
    assert [u.name for u in managed_units(boss)] == UNITS


def test_course_lists_are_in_swedish_order(client: Any, login: Any, org: Any) -> None:
    made_in_reverse(lambda t: factories.course(title=t), COURSES)
    login(org.admin)
    for url in ("/courses/", "/quiz/banks", "/training/rules/new"):
        page = client.get(url).get_data(as_text=True)
        assert in_page_order(page, COURSES) == COURSES, url


def test_people_on_the_training_unit_page_are_in_swedish_order(
    client: Any, login: Any, org: Any
) -> None:
    made_in_reverse(lambda n: factories.person(org.soder, name=n), PEOPLE)
    login(org.manager)
    page = client.get(f"/training/team/units/{org.soder.id}").get_data(as_text=True)
    assert in_page_order(page, PEOPLE) == PEOPLE
