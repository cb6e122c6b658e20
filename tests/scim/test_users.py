"""SCIM Users as Microsoft Entra ID sends them: create, get, filter, page, PUT, PATCH, DELETE;
the person gets what the HR import gives (unit by name, manager link, audit, rules)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from learnapp import signals
from learnapp.audit.models import AuditEvent
from learnapp.auth.models import AuthSession
from learnapp.extensions import db
from learnapp.org.models import Department, Person, Role, Unit, UnitManager
from learnapp.training.models import Assignment, RuleScope
from tests import factories
from tests.scim.conftest import ENTERPRISE, UNIT, Scim, entra_user


def person_by(email: str) -> Person | None:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.email == email))


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person)) or 0


def test_entra_creates_a_user_with_every_mapped_attribute(scim: Scim, org: Any) -> None:
    response = scim.post("/Users", entra_user())
    assert response.status_code == 201, response.text
    assert response.mimetype == "application/scim+json"
    body = response.get_json()
    person = person_by("anna.1@kommun.se")
    assert person is not None
    assert body["id"] == str(person.id)
    assert response.headers["Location"].endswith(f"/scim/v2/Users/{person.id}")
    assert person.name == "Anna Åkesson 1"
    assert person.job_title == "Kurator"
    assert person.employee_number == "E1"
    assert person.work_phone == "010-123 45 67"
    assert person.unit_id == org.soder.id
    assert person.active and person.password_hash is None
    assert body["externalId"] == "entra-1"
    assert body[ENTERPRISE]["department"] == "Utbildningsförvaltningen"
    assert body[UNIT]["unit"] == "Grundskolor > Söderskolan"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.created"))
    assert event is not None and event.target_id == person.id and event.details["source"] == "scim"


def test_a_created_user_is_announced_and_reached_by_the_rules_as_after_an_hr_import(
    scim: Scim, org: Any
) -> None:
    from learnapp.training import assign

    course = factories.course()
    rule = assign.RuleInput(
        course, RuleScope.DEPARTMENT, due_days=30, mandatory=True, department=org.school_dept
    )
    assign.create_rule(rule, org.admin)
    db.session.commit()
    seen: list[dict[str, Any]] = []

    def listener(sender: Any, **kw: Any) -> None:
        seen.append(kw)

    with signals.people_changed.connected_to(listener):
        scim.post("/Users", entra_user())
    person = person_by("anna.1@kommun.se")
    assert person is not None
    assert [kw.get("changed") for kw in seen] == [[person.id]]
    assert db.session.scalar(
        select(Assignment).where(
            Assignment.person_id == person.id, Assignment.course_id == course.id
        )
    )


def test_the_rules_are_applied_in_batches_and_the_rest_by_the_command(
    app: Any, scim: Scim, runner: Any, org: Any
) -> None:
    from learnapp.training import assign

    course = factories.course()
    rule = assign.RuleInput(course, RuleScope.EVERYONE, due_days=30, mandatory=True)
    assign.create_rule(rule, org.admin)
    db.session.commit()
    app.config.update(SCIM_APPLY_SECONDS=3600, SCIM_APPLY_BATCH=3)

    def assigned() -> int:
        return (
            db.session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.course_id == course.id)
            )
            or 0
        )

    before = assigned()
    for n in (1, 2):
        assert scim.post("/Users", entra_user(n)).status_code == 201
    assert assigned() == before  # queued, not yet applied
    scim.post("/Users", entra_user(3))
    assert assigned() == before + 3  # the third filled the batch: all three at once
    scim.post("/Users", entra_user(4))
    assert assigned() == before + 3
    result = runner.invoke(args=["scim", "apply"])
    assert result.exit_code == 0 and "1 person applied." in result.output
    assert assigned() == before + 4


def test_a_duplicate_user_name_is_409_and_nothing_is_written(scim: Scim, org: Any) -> None:
    before = people()
    response = scim.post("/Users", entra_user(userName="STAFF@example.org", externalId="x"))
    assert response.status_code == 409
    body = response.get_json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["scimType"] == "uniqueness" and body["status"] == "409"
    assert "userName" in body["detail"]
    assert people() == before


def test_an_employee_number_or_external_id_another_user_has_is_409_saying_which(
    scim: Scim, org: Any
) -> None:
    assert scim.post("/Users", entra_user(1)).status_code == 201
    before = people()
    same_number = entra_user(2, **{ENTERPRISE: {"employeeNumber": "E1",
                                                "department": "Utbildningsförvaltningen"}})  # fmt: skip
    response = scim.post("/Users", same_number)
    assert response.status_code == 409
    assert "employeeNumber" in response.get_json()["detail"]
    response = scim.post("/Users", entra_user(3, externalId="entra-1"))
    assert response.status_code == 409
    assert "externalId" in response.get_json()["detail"]
    assert people() == before
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "person.created")) == 1  # fmt: skip


def test_an_unknown_department_is_a_scim_error_unless_creating_is_allowed(
    app: Any, scim: Scim, org: Any
) -> None:
    body = entra_user(
        **{ENTERPRISE: {"department": "Räddningstjänsten"}, UNIT: {"unit": "Station Norr"}}
    )
    response = scim.post("/Users", body)
    assert response.status_code == 400
    assert "Räddningstjänsten" in response.get_json()["detail"]
    assert person_by("anna.1@kommun.se") is None
    assert (
        db.session.scalar(select(Department).where(Department.name == "Räddningstjänsten")) is None
    )
    app.config["SCIM_CREATE_UNITS"] = True
    assert scim.post("/Users", body).status_code == 201
    person = person_by("anna.1@kommun.se")
    unit = db.session.get(Unit, person.unit_id)
    assert unit.name == "Station Norr" and unit.department.name == "Räddningstjänsten"


def test_a_department_without_a_unit_attribute_means_its_unit_of_the_same_name(
    scim: Scim, org: Any
) -> None:
    body = entra_user(**{ENTERPRISE: {"department": "Omsorgs- och socialförvaltningen"}})
    del body[UNIT]
    response = scim.post("/Users", body)
    assert response.status_code == 400  # no unit called so: the HR import's rule
    unit = factories.unit(org.social_dept, "Omsorgs- och socialförvaltningen")
    db.session.commit()
    assert scim.post("/Users", body).status_code == 201
    assert person_by("anna.1@kommun.se").unit_id == unit.id


def test_filters_find_users_by_user_name_external_id_and_id(scim: Scim, org: Any) -> None:
    created = scim.post("/Users", entra_user()).get_json()
    for query in (
        'userName eq "Anna.1@kommun.se"',
        'externalId eq "entra-1"',
        f'id eq "{created["id"]}"',
    ):
        body = scim.get("/Users", query_string={"filter": query}).get_json()
        assert body["totalResults"] == 1, query
        assert body["Resources"][0]["id"] == created["id"]
    none = scim.get("/Users", query_string={"filter": 'userName eq "nobody@kommun.se"'})
    assert none.status_code == 200 and none.get_json()["totalResults"] == 0


def test_a_malformed_or_unsupported_filter_is_400_invalid_filter(scim: Scim) -> None:
    for query in (
        'userName co "anna"',
        "userName eq",
        'title eq "x"',
        'userName eq "a" or 1=1',
        'userName eq "a" and',
        'not (userName eq "a")',
        'emails[type eq "work"]',
        "userName eq anna",
        'active eq "perhaps"',
    ):
        response = scim.get("/Users", query_string={"filter": query})
        assert response.status_code == 400, query
        assert response.get_json()["scimType"] == "invalidFilter", query
    said = scim.get("/Users", query_string={"filter": 'userName eq "a" or userName eq "b"'})
    assert "joined by and" in said.get_json()["detail"]


def test_filters_joined_by_and_must_all_hold(scim: Scim, org: Any) -> None:
    anna = scim.post("/Users", entra_user(1)).get_json()
    scim.post("/Users", entra_user(2, active=False))

    def found(query: str) -> list[str]:
        response = scim.get("/Users", query_string={"filter": query})
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.get_json()["Resources"]]

    assert found('userName eq "anna.1@kommun.se" and active eq true') == [anna["id"]]
    assert found('userName eq "anna.2@kommun.se" and active eq true') == []
    assert len(found('userName eq "anna.2@kommun.se" AND active eq "False"')) == 1
    assert found(f'externalId eq "entra-1" and id eq "{anna["id"]}"') == [anna["id"]]
    assert found('externalId eq "entra-1" and userName eq "anna.2@kommun.se"') == []


def test_users_are_sorted_by_sort_by_and_sort_order(scim: Scim, org: Any) -> None:
    for n, name in ((1, "Örjan Ek"), (2, "Åsa Berg"), (3, "Zara Al"), (4, "Anna Öst")):
        scim.post("/Users", entra_user(n, displayName=name))

    def names(**query: str) -> list[str]:
        response = scim.get("/Users", query_string={"count": "200", **query})
        assert response.status_code == 200, response.text
        listed = [r["displayName"] for r in response.get_json()["Resources"]]
        return [n for n in listed if n in ("Örjan Ek", "Åsa Berg", "Zara Al", "Anna Öst")]

    assert names(sortBy="displayName") == ["Anna Öst", "Zara Al", "Åsa Berg", "Örjan Ek"]
    assert names(sortBy="displayName", sortOrder="descending") == [
        "Örjan Ek", "Åsa Berg", "Zara Al", "Anna Öst"]  # fmt: skip
    assert names(sortBy="userName") == ["Örjan Ek", "Åsa Berg", "Zara Al", "Anna Öst"]
    for bad in ({"sortBy": "nickName"}, {"sortBy": "id", "sortOrder": "sideways"}):
        response = scim.get("/Users", query_string=bad)
        assert response.status_code == 400 and response.get_json()["scimType"] == "invalidValue"


def test_preferred_language_sets_the_persons_language_and_is_given_back_as_sent(
    scim: Scim, org: Any
) -> None:
    for n, sent, language in (
        (1, "sv-SE", "sv"),
        (2, "en-US", "en"),
        (3, "de-DE", "sv"),  # a language learnapp does not have: Swedish
        (4, "da, en-gb;q=0.8", "en"),  # the first it has, as an Accept-Language list
    ):
        response = scim.post("/Users", entra_user(n, preferredLanguage=sent))
        assert response.status_code == 201, response.text
        assert response.get_json()["preferredLanguage"] == sent
        assert person_by(f"anna.{n}@kommun.se").language == language, sent
    assert person_by("anna.1@kommun.se") is not None
    uid = scim.post("/Users", entra_user(5)).get_json()["id"]
    assert person_by("anna.5@kommun.se").language == "sv"  # none sent
    response = scim.patch(f"/Users/{uid}", {"op": "Replace", "path": "preferredLanguage",
                                            "value": "en-GB"})  # fmt: skip
    assert response.status_code == 200 and response.get_json()["preferredLanguage"] == "en-GB"
    person = person_by("anna.5@kommun.se")
    assert person.language == "en"
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "person.updated", AuditEvent.target_id == person.id)
    ).one()  # fmt: skip
    assert event.details["fields"] == ["language"]
    # The person chooses Swedish in learnapp; the directory's unchanged value does not undo it.
    person.language = "sv"
    db.session.commit()
    body = entra_user(5, preferredLanguage="en-GB")
    assert scim.put(f"/Users/{uid}", body).status_code == 200
    assert person_by("anna.5@kommun.se").language == "sv"


def test_users_are_listed_in_pages_by_start_index_and_count(scim: Scim, org: Any) -> None:
    for n in range(1, 6):
        scim.post("/Users", entra_user(n))
    total = people()
    body = scim.get("/Users", query_string={"startIndex": "3", "count": "2"}).get_json()
    assert body["totalResults"] == total
    assert body["startIndex"] == 3 and body["itemsPerPage"] == 2
    assert len(body["Resources"]) == 2
    assert scim.get("/Users", query_string={"count": "x"}).status_code == 400


def test_entra_deactivates_with_active_as_the_string_false_and_sessions_end(
    scim: Scim, org: Any
) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    person = person_by("anna.1@kommun.se")
    db.session.add(AuthSession(person_id=person.id, token_hash="h" * 64))
    db.session.commit()
    version = person.session_version
    response = scim.patch(
        f"/Users/{user['id']}", {"op": "Replace", "path": "active", "value": "False"}
    )
    assert response.status_code == 200, response.text
    assert response.get_json()["active"] is False
    person = person_by("anna.1@kommun.se")
    assert not person.active and person.session_version == version + 1
    assert db.session.scalar(
        select(AuthSession.revoked_at).where(AuthSession.person_id == person.id)
    )
    assert (
        scim.patch(
            f"/Users/{user['id']}", {"op": "replace", "value": {"active": "True"}}
        ).status_code
        == 200
    )
    assert person_by("anna.1@kommun.se").active


def test_entra_patch_forms_with_and_without_path_update_the_person(scim: Scim, org: Any) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    response = scim.patch(
        f"/Users/{user['id']}",
        {"op": "Replace", "path": "title", "value": "Rektor"},
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "anna.ny@kommun.se"},
        {"op": "Replace", "path": "name.givenName", "value": "Åsa"},
        {"op": "replace", "path": 'phoneNumbers[type eq "work"].value', "value": "010-765 43 21"},
        {
            "op": "REPLACE",
            "value": {"displayName": "Åsa Åkesson", f"{ENTERPRISE}:employeeNumber": "E9"},
        },
        {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Utbildningsförvaltningen"},
        {"op": "Replace", "path": f"{UNIT}:unit", "value": "Grundskolor > Norrskolan"},
    )
    assert response.status_code == 200, response.text
    person = person_by("anna.ny@kommun.se")
    assert person is not None
    assert (person.job_title, person.name, person.employee_number) == (
        "Rektor",
        "Åsa Åkesson",
        "E9",
    )
    assert person.work_phone == "010-765 43 21"
    assert person.unit_id == org.norr.id
    updated = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert updated is not None and "unit" in updated.details["fields"]


def test_a_manager_from_the_directory_manages_the_persons_unit(scim: Scim, org: Any) -> None:
    boss = scim.post("/Users", entra_user(1)).get_json()
    user = scim.post("/Users", entra_user(2)).get_json()
    response = scim.patch(
        f"/Users/{user['id']}",
        {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": boss["id"]},
    )
    assert response.status_code == 200, response.text
    assert response.get_json()[ENTERPRISE]["manager"]["value"] == boss["id"]
    manager = person_by("anna.1@kommun.se")
    assert Role.MANAGER in manager.roles
    assert db.session.get(UnitManager, (manager.id, org.soder.id)) is not None
    removed = scim.patch(f"/Users/{user['id']}", {"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    assert removed.status_code == 200 and "manager" not in removed.get_json()[ENTERPRISE]
    bad = scim.patch(
        f"/Users/{user['id']}",
        {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": "999999"},
    )
    assert bad.status_code == 400


def test_put_replaces_the_user(scim: Scim, org: Any) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    body = entra_user(title="Skolsköterska", displayName="Anna Berg")
    response = scim.put(f"/Users/{user['id']}", body)
    assert response.status_code == 200, response.text
    person = person_by("anna.1@kommun.se")
    assert (person.name, person.job_title) == ("Anna Berg", "Skolsköterska")


def test_delete_deactivates_and_keeps_the_history(scim: Scim, org: Any) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    response = scim.delete(f"/Users/{user['id']}")
    assert response.status_code == 204
    person = person_by("anna.1@kommun.se")
    assert person is not None and not person.active and person.deactivated_at is not None
    assert scim.get(f"/Users/{user['id']}").get_json()["active"] is False
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "person.deactivated", AuditEvent.target_id == person.id
        )
    )


def test_a_patch_with_one_bad_operation_writes_nothing(scim: Scim, org: Any) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    response = scim.patch(
        f"/Users/{user['id']}",
        {"op": "Replace", "path": "title", "value": "Rektor"},
        {"op": "Replace", "path": "favouriteColour", "value": "blå"},
    )
    assert response.status_code == 400
    assert response.get_json()["scimType"] == "invalidPath"
    assert person_by("anna.1@kommun.se").job_title == "Kurator"


def test_bad_requests_get_a_scim_error_body_never_a_500(scim: Scim, org: Any) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    uid = user["id"]
    cases = [
        ("POST", "/Users", "{not json", 400),
        ("POST", "/Users", b"\xff\xfe", 400),
        ("POST", "/Users", [], 400),
        ("POST", "/Users", {"schemas": [USER_SCHEMA]}, 400),
        ("POST", "/Users", entra_user(2, userName="not-an-address"), 400),
        ("POST", "/Users", entra_user(2, active="perhaps"), 400),
        ("POST", "/Users", entra_user(2, name="Anna"), 400),
        ("POST", "/Users", entra_user(2, emails="x", userName=None), 400),
        ("POST", "/Users", entra_user(2, title="x" * 500), 400),
        ("POST", "/Users", entra_user(2, **{ENTERPRISE: {"manager": {"value": "abc"}}}), 400),
        ("POST", "/Users", entra_user(2, phoneNumbers=[{"type": "work", "value": "ring mig"}]), 400),
        ("PATCH", f"/Users/{uid}", {"Operations": []}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Move"}]}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Remove"}]}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Replace", "value": 5}]}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Replace", "path": "[[", "value": 1}]}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Remove", "path": "active"}]}, 400),
        ("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "Replace", "path": "userName", "value": "STAFF@example.org"}]}, 409),
        ("GET", "/Users/99999999999999", None, 404),
        ("GET", "/Users/abc", None, 404),
        ("PUT", "/Users/424242", entra_user(3), 404),
        ("GET", "/Nothing", None, 404),
        ("POST", "/ServiceProviderConfig", {}, 405),
    ]  # fmt: skip
    before = people()
    for method, path, body, status in cases:
        response = scim.open(method, path, body)
        assert response.status_code == status, (method, path, body, response.text)
        assert response.mimetype == "application/scim+json", (method, path)
        error = response.get_json()
        assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert error["status"] == str(status) and error["detail"]
    assert people() == before
    assert person_by("anna.1@kommun.se").email == "anna.1@kommun.se"


USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def test_a_create_takes_the_same_few_statements_whatever_the_organisation(
    app: Any, scim: Scim, org: Any
) -> None:
    """The directory sends 10,000 creates in a row (bench/scim.py): each is the token, the unit,
    the manager, and one INSERT per table written; the queue's size is not asked every time."""
    from tests.querycount import count_statements

    app.config.update(SCIM_APPLY_SECONDS=3600, SCIM_APPLY_BATCH=1000)
    first = scim.post("/Users", entra_user(1)).get_json()["id"]
    managed = entra_user(2)
    managed[ENTERPRISE]["manager"] = {"value": first}

    def sent(seen: list[str]) -> list[str]:  # not the tests' own savepoints
        return [s for s in seen if "SAVEPOINT" not in s]

    with count_statements() as seen:
        assert scim.post("/Users", managed).status_code == 201
    # token; unit; manager; person; scim_user; unit_manager; manager's roles (for the audit:
    # the manager role is derived, nothing is written for it); audit_event (all three events);
    # scim_pending
    assert len(sent(seen)) == 9, str(seen)
    with count_statements() as seen:
        assert scim.post("/Users", entra_user(3)).status_code == 201
    assert len(sent(seen)) == 6, str(seen)  # token; unit; person; scim_user; audit; queue


def test_versions_let_a_client_skip_unchanged_reads_and_refuse_writes_on_a_stale_copy(
    scim: Scim, org: Any
) -> None:
    created = scim.post("/Users", entra_user())
    uid = created.get_json()["id"]
    tag = created.headers["ETag"]
    assert tag.startswith('W/"') and created.get_json()["meta"]["version"] == tag
    read = scim.get(f"/Users/{uid}")
    assert read.headers["ETag"] == tag  # the same content, the same version
    listed = scim.get("/Users", query_string={"filter": 'externalId eq "entra-1"'}).get_json()
    assert listed["Resources"][0]["meta"]["version"] == tag
    unchanged = scim.get(f"/Users/{uid}", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == tag

    retitled = scim.open("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "replace", "path": "title", "value": "Rektor"}]}, headers={"If-Match": tag})  # fmt: skip
    assert retitled.status_code == 200, retitled.text
    new_tag = retitled.headers["ETag"]
    assert new_tag != tag
    assert scim.get(f"/Users/{uid}", headers={"If-None-Match": tag}).status_code == 200

    stale = scim.open("PATCH", f"/Users/{uid}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "replace", "path": "title", "value": "Kurator"}]}, headers={"If-Match": tag})  # fmt: skip
    assert stale.status_code == 412 and stale.get_json()["status"] == "412"
    refused = scim.open("DELETE", f"/Users/{uid}", headers={"If-Match": tag})
    assert refused.status_code == 412
    person = person_by("anna.1@kommun.se")
    assert person.job_title == "Rektor" and person.active  # nothing of the stale writes
    assert scim.open("DELETE", f"/Users/{uid}", headers={"If-Match": new_tag}).status_code == 204
    assert not person_by("anna.1@kommun.se").active


def test_the_directorys_manager_attribute_makes_a_manager_who_opens_the_manager_pages(
    scim: Scim, client: Any, login: Any, org: Any
) -> None:
    """No role is stored: managing the user's unit is being a manager (tests/org/test_manager_role)."""
    boss = scim.post("/Users", entra_user(1)).get_json()
    user = entra_user(2)
    user[ENTERPRISE]["manager"] = {"value": boss["id"]}
    assert scim.post("/Users", user).status_code == 201
    person = person_by("anna.1@kommun.se")
    assert person is not None and Role.MANAGER in person.roles
    assert db.session.get(UnitManager, (person.id, org.soder.id)) is not None
    person.set_password(factories.PASSWORD)
    db.session.commit()
    login(person.email)
    assert client.get("/training/team").status_code == 200
