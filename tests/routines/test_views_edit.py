"""Editing in the browser: scope of editors, drafts with a version check, preview, publish, diff."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.routines import services
from learnapp.routines.models import MAX_BODY, Routine, RoutineVersion
from tests.routines.conftest import edit, publish


@pytest.fixture
def editor(org: Any) -> Any:
    """The school department's editor: Lärare Norr."""
    services.add_editor(org.other_staff, org.school_dept, org.admin)
    org.other_staff.set_password("correct-horse-battery")
    db.session.commit()
    return org.other_staff


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _save(client: Any, routine: Routine, body: str, revision: int, **extra: str) -> Any:
    data = {
        "title": routine.draft_title,
        "summary": routine.draft_summary,
        "body": body,
        "revision": str(revision),
        "action": "save",
        **extra,
    }
    return client.post(f"/routines/{routine.id}/edit", data=data, follow_redirects=True)


def test_a_department_editor_edits_their_departments_routine(
    client: Any, login: Any, org: Any, editor: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    login(editor)
    assert client.get(f"/routines/{routine.id}/edit").status_code == 200
    _save(client, routine, "Ny text", routine.draft_revision)
    db.session.expire_all()
    assert db.session.get(Routine, routine.id).draft_body == "Ny text"
    assert "routines.draft_saved" in _actions()


@pytest.mark.parametrize("page", ["edit", "scope", "publish", "versions", "versions/1"])
def test_an_editor_of_another_department_gets_404_for_every_page(
    client: Any, login: Any, org: Any, editor: Any, make_routine: Any, page: str
) -> None:
    routine = make_routine(org.social_dept)
    login(editor)
    assert client.get(f"/routines/{routine.id}/{page}").status_code == 404


def test_an_editor_cannot_save_or_publish_another_departments_draft(
    client: Any, login: Any, org: Any, editor: Any, make_routine: Any
) -> None:
    routine = make_routine(org.social_dept, published=False)
    login(editor)
    assert _save(client, routine, "Kapat", routine.draft_revision).status_code == 404
    response = client.post(
        f"/routines/{routine.id}/publish",
        data={"kind": "major", "change_note": "x", "revision": routine.draft_revision},
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Routine, routine.id).draft_body != "Kapat"
    assert db.session.scalar(select(func.count()).select_from(RoutineVersion)) == 0


def test_staff_who_edit_nothing_are_refused_the_editors_pages(
    client: Any, login: Any, org: Any
) -> None:
    login(org.staff)
    assert client.get("/routines/manage").status_code == 403
    assert client.get("/routines/new").status_code == 403


def test_an_editor_creates_routines_only_for_their_department(
    client: Any, login: Any, org: Any, editor: Any
) -> None:
    login(editor)
    data = {"title": "Ny rutin", "summary": "", "body": "Text", "department": ""}
    page = client.post("/routines/new", data=data).get_data(as_text=True)
    assert "Välj en förvaltning som du redigerar" in page
    client.post("/routines/new", data={**data, "department": str(org.social_dept.id)})
    assert db.session.scalar(select(func.count()).select_from(Routine)) == 0
    client.post("/routines/new", data={**data, "department": str(org.school_dept.id)})
    routine = db.session.scalar(select(Routine))
    assert routine is not None and routine.department_id == org.school_dept.id


def test_the_second_of_two_editors_is_told_and_nothing_is_lost(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    seen = routine.draft_revision  # both open the draft at this revision
    edit(routine, org.coordinator, "Den förstas text")  # the first saves
    login(org.coordinator)
    page = _save(client, routine, "Den andras text", seen).get_data(as_text=True)
    assert "Någon annan sparade utkastet" in page
    assert "Den andras text" in page and "Den förstas text" in page  # both shown
    db.session.expire_all()
    assert db.session.get(Routine, routine.id).draft_body == "Den förstas text"


def test_the_preview_renders_on_the_server_and_saves_nothing(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    login(org.coordinator)
    body = "## Rubrik\n\n<script>alert(1)</script>\n\n- punkt"
    page = _save(client, routine, body, routine.draft_revision, action="preview").get_data(
        as_text=True
    )
    assert "<h2>Rubrik</h2>" in page and "<li>punkt</li>" in page
    assert "<script>alert(1)</script>" not in page
    db.session.expire_all()
    assert db.session.get(Routine, routine.id).draft_body != body


def test_a_body_of_a_megabyte_is_refused_with_a_clear_message(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    login(org.coordinator)
    page = _save(client, routine, "a" * 1_000_000, routine.draft_revision).get_data(as_text=True)
    assert "Texten är för lång" in page
    db.session.expire_all()
    assert len(db.session.get(Routine, routine.id).draft_body) < MAX_BODY


def test_publishing_in_the_browser_makes_a_version_with_publisher_time_and_note(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    login(org.coordinator)
    assert client.get(f"/routines/{routine.id}/publish").status_code == 200
    response = client.post(
        f"/routines/{routine.id}/publish",
        data={"kind": "minor", "change_note": "Första", "revision": routine.draft_revision},
        follow_redirects=True,
    )
    assert "Version 1 har publicerats" in response.get_data(as_text=True)
    version = db.session.scalar(select(RoutineVersion))
    assert version.major  # the first version always asks for acknowledgement
    assert (version.published_by_id, version.change_note) == (org.coordinator.id, "Första")
    assert "routines.published" in _actions()


def test_publishing_a_draft_that_changed_meanwhile_is_refused(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    seen = routine.draft_revision
    edit(routine, org.coordinator, "Ändrad under tiden")
    login(org.coordinator)
    page = client.post(
        f"/routines/{routine.id}/publish",
        data={"kind": "major", "change_note": "x", "revision": seen},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Någon annan sparade utkastet" in page
    assert db.session.scalar(select(func.count()).select_from(RoutineVersion)) == 0


def test_the_diff_between_versions_shows_added_and_removed_lines(
    client: Any, login: Any, org: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, body="Rad ett\nGammal rad\nRad tre\n")
    edit(routine, org.coordinator, "Rad ett\nNy rad\nRad tre\n")
    publish(routine, org.coordinator, major=False, note="Byt rad")
    login(org.coordinator)
    page = client.get(f"/routines/{routine.id}/versions/2/diff").get_data(as_text=True)
    assert '<tr class="removed">' in page and "Gammal rad" in page
    assert '<tr class="added">' in page and "Ny rad" in page
    assert client.get(f"/routines/{routine.id}/versions/1/diff").status_code == 404


def test_an_admin_adds_and_removes_an_editor_and_both_are_audited(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    client.post(
        "/routines/editors", data={"email": org.other_staff.email, "department": org.school_dept.id}
    )
    assert services.edited_departments(org.other_staff) == [org.school_dept.id]
    client.post(
        "/routines/editors/remove",
        data={"person": org.other_staff.id, "department": org.school_dept.id},
    )
    assert services.edited_departments(org.other_staff) == []
    assert {"routines.editor_added", "routines.editor_removed"} <= set(_actions())


def test_only_admins_manage_editors(client: Any, login: Any, org: Any) -> None:
    login(org.coordinator)
    assert client.get("/routines/editors").status_code == 403


def test_the_unit_list_offers_the_top_units_and_a_search_finds_the_others(
    client: Any, login: Any, org: Any, editor: Any
) -> None:
    login(editor)
    page = client.get("/routines/new").get_data(as_text=True)
    assert f'<option value="{org.schools.id}">' in page
    assert "Söderskolan" not in page
    data = {
        "title": "Ny rutin",
        "summary": "",
        "body": "Text",
        "department": str(org.school_dept.id),
        "unit_find": "söder",
        "find_units": "1",
    }
    response = client.post("/routines/new", data=data)
    page = response.get_data(as_text=True)
    # Shown again with what was typed, the unit found offered; nothing saved.
    assert response.status_code == 200 and 'value="Ny rutin"' in page
    assert (
        f'<option value="{org.soder.id}">Utbildningsförvaltningen › Grundskolor › Söderskolan'
        in page
    )
    assert f'<option value="{org.norr.id}">' not in page
    assert db.session.scalar(select(func.count()).select_from(Routine)) == 0
    # A unit found can be chosen: saving keeps it.
    del data["find_units"]
    client.post("/routines/new", data={**data, "units": [str(org.soder.id)]})
    routine = db.session.scalar(select(Routine))
    assert routine is not None and routine.unit_ids == [org.soder.id]


def test_the_scope_page_offers_the_units_the_routine_has(
    client: Any, login: Any, org: Any, editor: Any, make_routine: Any
) -> None:
    routine = make_routine(org.school_dept, published=False)
    services.set_scope(routine, org.school_dept, [org.norr], editor)
    db.session.commit()
    login(editor)
    page = client.get(f"/routines/{routine.id}/scope").get_data(as_text=True)
    assert f'<option selected value="{org.norr.id}">' in page
    assert "Söderskolan" not in page
