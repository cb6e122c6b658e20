"""The stored results of an inventory equal the GROUP BY over its answers after every kind of write,
and the pages read them instead of counting the answers again."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from learnapp.admin import services as admin_services
from learnapp.extensions import db
from learnapp.needs import reports, tallies
from learnapp.needs.models import InventoryPerson, InventoryScope, Need, NeedsResponse
from learnapp.needs.services import (
    Answers,
    AnswersChanged,
    AreaAnswer,
    add_latecomers,
    close_inventory,
    save_answers,
)
from learnapp.needs.tallies import NeedsTally, TallyCell
from learnapp.org.models import Person
from tests import factories
from tests.querycount import count_statements


def _agree(inventory: Any) -> None:
    db.session.flush()
    db.session.expire_all()
    assert tallies.differences(inventory) == []
    assert tallies.is_fresh(inventory.id)


def test_stored_figures_follow_every_kind_of_write(org, make_inventory, answer, areas) -> None:
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    _agree(inv)
    assert reports.total_rate(reports.response_rates(inv)).answered == 0
    # An answer; a draft (not counted); the draft submitted.
    answer(inv, org.staff, values={0: (1, Need.GREAT)}, default=(2, Need.SOME))
    answer(inv, org.other_staff, default=(3, Need.GREAT), submit=False)
    _agree(inv)
    cells = reports.heat_map(inv, heads=reports.HEAD.id == org.schools.id)
    assert (
        cells[(org.schools.id, areas[0].id)].answers,
        cells[(org.schools.id, areas[0].id)].great,
    ) == (1, 1)
    answer(inv, org.other_staff, default=(3, Need.GREAT))
    _agree(inv)
    # A correction by the manager, for the person.
    answer(inv, org.staff, default=(4, Need.NONE), by=org.manager)
    _agree(inv)
    cells = reports.heat_map(inv)
    first = cells[(org.school_dept.id, areas[0].id)]
    assert (first.answers, first.great, first.avg_knowledge) == (2, 1, 3.5)
    # Latecomers: a person hired into Norrskolan, then added.
    newcomer = factories.person(org.norr, name="Ny lärare", email="ny@example.org")
    db.session.commit()
    _agree(inv)  # not asked yet: the figures did not move
    assert add_latecomers(inv, org.coordinator) == 1
    db.session.commit()
    _agree(inv)
    assert reports.response_rates(inv, by_unit=True, unit_id=org.norr.id)[0].in_scope == 2
    answer(inv, newcomer, default=(1, Need.GREAT))
    # A person moved to another department, with their answers.
    org.other_staff.unit = org.social
    db.session.commit()
    _agree(inv)
    # A unit moved, with its people, to the top of the department; then merged into another.
    admin_services.relocate_unit(org.norr, None, org.admin)
    db.session.commit()
    _agree(inv)
    tree = {
        r.id: r.in_scope
        for r in reports.response_rates(inv, heads=reports.HEAD.parent_id.is_(None))
    }
    assert tree[org.norr.id] == 1 and tree[org.schools.id] == 2  # the newcomer left with Norr
    admin_services.merge_units(org.norr, org.soder, org.admin)
    db.session.commit()
    _agree(inv)
    # A person who left no longer counts among those asked (their answers still do).
    admin_services.set_active(org.social_staff, False, org.admin)
    db.session.commit()
    _agree(inv)
    # Answers removed (as erasing a person does) and the inventory closed.
    db.session.execute(
        NeedsResponse.__table__.delete().where(NeedsResponse.person_id == newcomer.id)
    )
    close_inventory(inv, org.coordinator)
    db.session.commit()
    _agree(inv)


def test_a_current_count_is_read_not_counted_again(org, make_inventory, answer, app) -> None:
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff)
    reports.heat_map(inv)  # counts
    counted_at = db.session.scalar(
        select(NeedsTally.counted_at).where(NeedsTally.inventory_id == inv.id)
    )
    schools = org.schools.id
    with count_statements() as statements:
        reports.heat_map(inv, heads=reports.HEAD.id == schools)
    # One statement to see that the rows are current, one to read them.
    assert len(statements) == 2
    assert (
        db.session.scalar(select(NeedsTally.counted_at).where(NeedsTally.inventory_id == inv.id))
        == counted_at
    )
    # An answer saved keeps the rows current itself: the next reader counts nothing again.
    answer(inv, org.other_staff)
    assert tallies.is_fresh(inv.id)
    with count_statements() as statements:
        reports.heat_map(inv, heads=reports.HEAD.id == schools)
    assert len(statements) == 2
    _agree(inv)
    # A write that does not keep them (here a statement of its own) makes the next reader count.
    db.session.execute(
        NeedsResponse.__table__.update()
        .where(NeedsResponse.person_id == org.staff.id)
        .values(need=Need.NONE.value)
    )
    assert not tallies.is_fresh(inv.id)
    reports.heat_map(inv)
    assert tallies.is_fresh(inv.id)
    assert (
        db.session.scalar(select(NeedsTally.counted_at).where(NeedsTally.inventory_id == inv.id))
        != counted_at
    )


def test_a_draft_is_counted_live_and_stores_nothing(org, make_inventory) -> None:
    draft = make_inventory(scope=InventoryScope.EVERYONE, opened=False)
    assert reports.total_rate(reports.response_rates(draft)).in_scope == 4
    assert (
        db.session.scalar(select(TallyCell.inventory_id).where(TallyCell.inventory_id == draft.id))
        is None
    )
    assert db.session.get(NeedsTally, draft.id) is None


def test_the_coordinators_team_page_lists_the_top_units(client, login, org, make_inventory, answer):
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    for person in (org.manager, org.staff, org.other_staff, org.social_staff):
        answer(inv, person)
    login(org.coordinator)
    page = client.get(f"/needs/{inv.id}/team").get_data(as_text=True)
    # Each department's top unit with the units below it; not a row for every unit.
    assert "Grundskolor" in page and "Barn och unga" in page
    assert "Norrskolan" not in page and "Söderskolan" not in page
    assert "Alla tillfrågade i dina enheter har svarat." in page


def test_answers_and_latecomers_keep_the_stored_figures_equal_to_a_recount(
    org, make_inventory, areas
) -> None:
    """A random run of first answers, drafts, corrections, answers on someone's behalf and
    latecomers: after every write the rows are still current (nothing was counted again) and
    equal the GROUP BY over the answers."""
    rng = random.Random(22)
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    units = [org.soder, org.norr, org.social, org.schools]
    people = [org.manager, org.staff, org.other_staff, org.social_staff]
    reports.heat_map(inv)  # the first count
    db.session.commit()
    counted_at = db.session.scalar(
        select(NeedsTally.counted_at).where(NeedsTally.inventory_id == inv.id)
    )
    hired = 0
    for step in range(60):
        move = rng.choice(["answer", "answer", "answer", "behalf", "hire", "latecomers"])
        if move == "hire":
            hired += 1
            factories.person(rng.choice(units), name=f"Nyanställd {hired}")
            db.session.commit()
            continue
        if move == "latecomers":
            add_latecomers(inv, org.coordinator)
        else:
            person = rng.choice(people)
            answers = Answers(other_needs=f"steg {step}")
            for area in rng.sample(areas, rng.randint(1, len(areas))):
                answers.areas[area.id] = AreaAnswer(
                    rng.choice([None, 1, 2, 3, 4]), rng.choice([None, *Need]), ""
                )
            by = org.manager if move == "behalf" else person
            save_answers(inv, person, answers, entered_by=by, submit=rng.random() < 0.6)
        db.session.commit()
        people = list(
            db.session.scalars(
                select(Person).join(
                    InventoryPerson,
                    (InventoryPerson.person_id == Person.id)
                    & (InventoryPerson.inventory_id == inv.id),
                )
            )
        )
        assert tallies.is_fresh(inv.id), (step, move)
        _agree(inv)
    assert (
        db.session.scalar(select(NeedsTally.counted_at).where(NeedsTally.inventory_id == inv.id))
        == counted_at
    )
    assert hired and reports.total_rate(reports.response_rates(inv)).in_scope > 4


def test_a_save_refused_half_way_leaves_the_figures_to_be_counted_again(
    org, make_inventory, answer, areas
) -> None:
    """The figures are taken away before the answers are written: a save refused after that
    (someone else saved in between) marks them for a recount, should its caller commit anyway."""
    inv = make_inventory(scope=InventoryScope.EVERYONE)
    answer(inv, org.staff, default=(3, Need.GREAT))
    reports.heat_map(inv)
    db.session.commit()
    assert tallies.is_fresh(inv.id)
    answers = Answers(areas={area.id: AreaAnswer(1, Need.NONE) for area in areas})
    with pytest.raises(AnswersChanged):
        save_answers(inv, org.staff, answers, entered_by=org.manager, submit=True, seen_version=7)
    db.session.commit()
    assert not tallies.is_fresh(inv.id)
    assert db.session.get(NeedsTally, inv.id).writing is False
    _agree(inv)  # counted again
