"""A person and their manager answering the same inventory at once: nothing replaced unseen.

Each test makes the requests overlap: a gate holds the commits back until every racing request
has done its reads and writes (see tests/integration/live.py), so the race happens every run.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.areas.services import active_areas, seed_default_areas
from learnapp.extensions import db
from learnapp.needs import reports, tallies
from learnapp.needs.models import InventoryScope, NeedsResponse, NeedsSubmission
from learnapp.needs.services import create_inventory, open_inventory
from tests.integration.live import LiveServer, Reply, at_once, no_error_pages

pytestmark = pytest.mark.commits


@pytest.fixture
def inventory(org: Any) -> Any:
    seed_default_areas()
    inv = create_inventory(
        title="Inventering",
        description="",
        scope=InventoryScope.KEY_PERSONS,
        opens_on=None,
        closes_on=None,
        departments=[],
        created_by=org.coordinator,
    )
    open_inventory(inv, org.coordinator)
    db.session.commit()
    return inv


def _answer_form(need: str, action: str, version: str) -> dict[str, str]:
    data = {"action": action, "version": version}
    for area in active_areas():
        data[f"area-{area.id}-knowledge"] = "2"
        data[f"area-{area.id}-need"] = need
    return data


def _form_version(reply: Reply) -> str:
    match = re.search(r'name="version" value="(\d+)"', reply.text)
    assert match, reply.text[:2000]
    return match.group(1)


def _stored_needs(person: Any) -> set[str | None]:
    db.session.rollback()  # a new transaction: see what the server committed
    return set(
        db.session.scalars(select(NeedsResponse.need).where(NeedsResponse.person_id == person.id))
    )


def test_first_saves_by_a_person_and_their_manager_at_once_keep_one_and_tell_the_other(
    live: LiveServer, org: Any, inventory: Any
) -> None:
    person = live.browser(org.staff.email)
    manager = live.browser(org.manager.email)
    own_url = f"/needs/{inventory.id}/answer"
    for_url = f"/needs/{inventory.id}/people/{org.staff.id}/answer"
    assert _form_version(person.get(own_url)) == _form_version(manager.get(for_url)) == "0"
    mine_form, their_form = _answer_form("great", "submit", "0"), _answer_form("none", "save", "0")
    with live.gate(2):
        mine, theirs = at_once(
            lambda: person.post(own_url, mine_form), lambda: manager.post(for_url, their_form)
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(mine, theirs)
    assert sorted([mine.status, theirs.status]) == [302, 409]
    winner, loser = (mine, theirs) if mine.status == 302 else (theirs, mine)
    assert "ändrats sedan du öppnade formuläret" in loser.text
    stored = _stored_needs(org.staff)
    assert stored == ({"great"} if winner is mine else {"none"})
    # The one told sees the answers as they are now.
    assert 'value="great" checked' in loser.text or stored == {"none"}
    assert db.session.scalar(select(func.count(NeedsSubmission.id))) == 1


def test_a_manager_saving_while_the_person_submits_does_not_replace_the_answers_unseen(
    live: LiveServer, org: Any, inventory: Any
) -> None:
    person = live.browser(org.staff.email)
    manager = live.browser(org.manager.email)
    own_url = f"/needs/{inventory.id}/answer"
    for_url = f"/needs/{inventory.id}/people/{org.staff.id}/answer"
    assert person.post(own_url, _answer_form("some", "save", "0")).status == 302
    version = _form_version(person.get(own_url))
    assert _form_version(manager.get(for_url)) == version
    mine_form = _answer_form("great", "submit", version)
    their_form = _answer_form("none", "save", version)
    with live.gate(2):
        mine, theirs = at_once(
            lambda: person.post(own_url, mine_form), lambda: manager.post(for_url, their_form)
        )
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(mine, theirs)
    assert sorted([mine.status, theirs.status]) == [302, 409]
    assert _stored_needs(org.staff) == ({"great"} if mine.status == 302 else {"none"})


def test_a_form_opened_before_the_person_submitted_is_refused_and_shows_their_answers(
    live: LiveServer, org: Any, inventory: Any
) -> None:
    person = live.browser(org.staff.email)
    manager = live.browser(org.manager.email)
    own_url = f"/needs/{inventory.id}/answer"
    for_url = f"/needs/{inventory.id}/people/{org.staff.id}/answer"
    stale = _form_version(manager.get(for_url))
    assert person.post(own_url, _answer_form("great", "submit", "0")).status == 302
    reply = manager.post(for_url, _answer_form("none", "save", stale))
    assert reply.status == 409
    assert "Lärare Söder sparade svar efter att du öppnade formuläret" in reply.text
    assert 'value="great" checked' in reply.text
    assert _stored_needs(org.staff) == {"great"}
    # Saved again from the page that shows the current answers, it goes through.
    again = manager.post(for_url, _answer_form("none", "submit", _form_version(reply)))
    assert again.status == 302
    assert _stored_needs(org.staff) == {"none"}


def test_two_people_answering_at_once_both_count_in_the_stored_figures(
    live: LiveServer, org: Any
) -> None:
    """Two answers saved at once each add to the same stored rows (their units share the school
    department's and the head units' rows): neither count is lost, and the rows stay current,
    so the next reader counts nothing again."""
    seed_default_areas()
    inv = create_inventory(
        title="Inventering",
        description="",
        scope=InventoryScope.EVERYONE,
        opens_on=None,
        closes_on=None,
        departments=[],
        created_by=org.coordinator,
    )
    open_inventory(inv, org.coordinator)
    db.session.commit()
    reports.heat_map(inv)  # counted once, before the answers
    db.session.commit()
    one, other = live.browser(org.staff.email), live.browser(org.other_staff.email)
    url = f"/needs/{inv.id}/answer"
    great, some = _answer_form("great", "submit", "0"), _answer_form("some", "submit", "0")
    with live.gate(2):
        replies = at_once(lambda: one.post(url, great), lambda: other.post(url, some))
    db.session.rollback()  # a new transaction: see what the server committed
    no_error_pages(*replies)
    assert [r.status for r in replies] == [302, 302]
    assert tallies.is_fresh(inv.id)
    assert tallies.differences(inv) == []
    rate = reports.total_rate(reports.response_rates(inv))
    assert rate.answered == 2
