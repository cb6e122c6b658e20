"""SCIM Groups and their mapping to roles and the key-person flag; bearer tokens (browser and
command line, hashed, last use, revoked); discovery; CSRF off for the API only."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from learnapp.audit.models import AuditEvent
from learnapp.extensions import db
from learnapp.org.models import Person, Role
from learnapp.scim.models import ScimGroup, ScimToken
from tests.scim.conftest import BASE, PATCH, Scim, entra_user


def fresh(person_id: int) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person_id)


def test_a_group_mapped_to_a_role_gives_it_to_members_and_takes_it_back(
    scim: Scim, client: Any, login: Any, org: Any
) -> None:
    user = scim.post("/Users", entra_user()).get_json()
    uid = int(user["id"])
    group = scim.post(
        "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": "learnapp-samordnare", "externalId": "g1", "members": []}
    )  # fmt: skip
    assert group.status_code == 201, group.text
    gid = group.get_json()["id"]
    login(org.admin)
    response = client.post(f"/admin/scim/groups/{gid}", data={"role": "coordinator"})
    assert response.status_code == 302
    added = scim.patch(
        f"/Groups/{gid}", {"op": "Add", "path": "members", "value": [{"value": str(uid)}]}
    )
    assert added.status_code == 204, added.text
    assert Role.COORDINATOR in fresh(uid).roles
    found = scim.get("/Groups", query_string={"filter": 'displayName eq "learnapp-samordnare"'})
    assert found.get_json()["Resources"][0]["members"] == [
        {"value": str(uid), "$ref": f"http://learnapp.test{BASE}/Users/{uid}"}
    ]
    lean = scim.get(f"/Groups/{gid}", query_string={"excludedAttributes": "members"}).get_json()
    assert "members" not in lean
    removed = scim.patch(f"/Groups/{gid}", {"op": "Remove", "path": f'members[value eq "{uid}"]'})
    assert removed.status_code == 204
    assert Role.COORDINATOR not in fresh(uid).roles
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.roles_changed"))


def test_a_key_person_group_sets_and_clears_the_flag(
    scim: Scim, client: Any, login: Any, org: Any
) -> None:
    uid = int(scim.post("/Users", entra_user()).get_json()["id"])
    login(org.admin)
    client.post("/admin/scim/groups", data={"display_name": "Nyckelpersoner"})
    group = db.session.scalar(select(ScimGroup).where(ScimGroup.display_name == "Nyckelpersoner"))
    client.post(f"/admin/scim/groups/{group.id}", data={"role": "", "key_person": "1"})
    # Entra finds the group named ahead and adds the member.
    found = scim.get(
        "/Groups", query_string={"filter": 'displayName eq "nyckelpersoner"'}
    ).get_json()
    assert found["totalResults"] == 1
    scim.patch(f"/Groups/{group.id}", {"op": "add", "value": {"members": [{"value": str(uid)}]}})
    assert fresh(uid).is_key_person
    assert scim.delete(f"/Groups/{group.id}").status_code == 204
    assert not fresh(uid).is_key_person


def test_group_errors_are_scim_errors(scim: Scim, org: Any) -> None:
    assert scim.post("/Groups", {"displayName": ""}).status_code == 400
    scim.post("/Groups", {"displayName": "A"})
    duplicate = scim.post("/Groups", {"displayName": "a"})
    assert duplicate.status_code == 409 and duplicate.get_json()["scimType"] == "uniqueness"
    unknown_member = scim.post("/Groups", {"displayName": "B", "members": [{"value": "424242"}]})
    assert unknown_member.status_code == 400
    assert db.session.scalar(select(ScimGroup).where(ScimGroup.display_name == "B")) is None
    assert scim.get("/Groups", query_string={"filter": 'members eq "1"'}).status_code == 400
    assert scim.get("/Groups/77777").status_code == 404


def test_no_token_or_a_wrong_or_revoked_token_is_401(client: Any, scim: Scim, org: Any) -> None:
    assert client.get(f"{BASE}/Users").status_code == 401
    wrong = client.get(f"{BASE}/Users", headers={"Authorization": "Bearer scim_wrong"})
    assert wrong.status_code == 401 and wrong.mimetype == "application/scim+json"
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
    basic = client.get(f"{BASE}/Users", headers={"Authorization": f"Basic {scim.token}"})
    assert basic.status_code == 401
    assert scim.get("/Users").status_code == 200
    token = db.session.scalar(select(ScimToken))
    assert token.token_hash == hashlib.sha256(scim.token.encode()).hexdigest()
    assert token.last_used_at is not None
    token.revoked_at = token.last_used_at
    db.session.commit()
    assert scim.get("/Users").status_code == 401


def test_the_command_prints_a_token_once_that_works(app: Any, runner: Any, client: Any) -> None:
    result = runner.invoke(args=["scim", "token", "create", "--name", "Entra ID"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("scim_")
    stored = db.session.scalar(select(ScimToken))
    assert stored.name == "Entra ID" and secret not in stored.token_hash
    ok = client.get(f"{BASE}/ServiceProviderConfig", headers={"Authorization": f"Bearer {secret}"})
    assert ok.status_code == 200
    listing = runner.invoke(args=["scim", "token", "list"])
    assert "Entra ID" in listing.output and secret not in listing.output
    assert runner.invoke(args=["scim", "token", "revoke", str(stored.id)]).exit_code == 0
    again = client.get(
        f"{BASE}/ServiceProviderConfig", headers={"Authorization": f"Bearer {secret}"}
    )
    assert again.status_code == 401


def test_an_admin_makes_a_token_in_the_browser_sees_it_once_and_revokes_it(
    client: Any, login: Any, org: Any
) -> None:
    login(org.admin)
    page = client.post("/admin/scim/tokens", data={"name": "Entra"}).text
    token = db.session.scalar(select(ScimToken))
    secret = next(
        w for w in page.replace("<", " ").replace(">", " ").split() if w.startswith("scim_")
    )
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    listing = client.get("/admin/scim/").text
    assert "Entra" in listing and secret not in listing
    assert "/scim/v2" in listing  # the tenant URL
    client.post(f"/admin/scim/tokens/{token.id}/revoke")
    db.session.expire_all()
    assert db.session.get(ScimToken, token.id).revoked_at is not None


def test_only_admins_see_the_scim_page(client: Any, login: Any, org: Any) -> None:
    login(org.coordinator)
    assert client.get("/admin/scim/").status_code == 403
    assert client.post("/admin/scim/tokens", data={"name": "x"}).status_code == 403


def test_the_api_takes_no_csrf_token_but_the_admin_forms_still_need_one(
    app: Any, scim: Scim, client: Any, login: Any, org: Any
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    assert scim.post("/Users", entra_user()).status_code == 201
    login(org.admin)
    assert client.post("/admin/scim/tokens", data={"name": "x"}).status_code == 400
    assert (
        client.post(
            "/admin/people/bulk", data={"action": "deactivate", "everyone": "1"}
        ).status_code
        == 400
    )


def test_discovery_describes_users_groups_and_the_enterprise_extension(scim: Scim) -> None:
    config = scim.get("/ServiceProviderConfig")
    assert config.mimetype == "application/scim+json"
    said = config.get_json()
    # What it says it supports is what the tests of this folder show it does, and no more.
    assert said["patch"]["supported"] is True
    assert said["filter"] == {"supported": True, "maxResults": 200}
    assert said["sort"]["supported"] is True
    assert said["etag"]["supported"] is True
    assert said["bulk"]["supported"] is False
    assert said["changePassword"]["supported"] is False
    assert [s["type"] for s in said["authenticationSchemes"]] == ["oauthbearertoken"]
    types = scim.get("/ResourceTypes").get_json()
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    assert scim.get("/ResourceTypes/User").get_json()["endpoint"] == "/Users"
    ids = {s["id"] for s in scim.get("/Schemas").get_json()["Resources"]}
    assert "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in ids
    user = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
    assert user.status_code == 200
    assert "preferredLanguage" in {a["name"] for a in user.get_json()["attributes"]}


def test_groups_are_filtered_with_and_and_sorted_by_display_name(scim: Scim) -> None:
    for name, external in (("Ängsgruppen", "g3"), ("Bildlärare", "g1"), ("Ålands vänner", "g2")):
        body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": name, "externalId": external}  # fmt: skip
        assert scim.post("/Groups", body).status_code == 201
    listed = scim.get("/Groups", query_string={"sortBy": "displayName"}).get_json()
    assert [g["displayName"] for g in listed["Resources"]] == [
        "Bildlärare", "Ålands vänner", "Ängsgruppen"]  # fmt: skip
    both = 'displayName eq "bildlärare" and externalId eq "g1"'
    assert scim.get("/Groups", query_string={"filter": both}).get_json()["totalResults"] == 1
    neither = 'displayName eq "bildlärare" and externalId eq "g2"'
    assert scim.get("/Groups", query_string={"filter": neither}).get_json()["totalResults"] == 0


def test_a_group_written_on_a_stale_version_is_refused(scim: Scim, org: Any) -> None:
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Lärare"}
    created = scim.post("/Groups", body)
    gid, tag = created.get_json()["id"], created.headers["ETag"]
    lean = scim.get(f"/Groups/{gid}", query_string={"excludedAttributes": "members"})
    add = {"op": "add", "path": "members", "value": [{"value": str(org.staff.id)}]}
    headers = {"If-Match": lean.headers["ETag"]}  # read without members: still this version
    assert scim.open("PATCH", f"/Groups/{gid}", {"schemas": [PATCH], "Operations": [add]},
                     headers=headers).status_code == 204  # fmt: skip
    again = scim.open("PATCH", f"/Groups/{gid}", {"schemas": [PATCH], "Operations": [add]},
                      headers={"If-Match": tag})  # fmt: skip
    assert again.status_code == 412
    assert scim.get(f"/Groups/{gid}", headers={"If-None-Match": tag}).status_code == 200
    now = scim.get(f"/Groups/{gid}").headers["ETag"]
    assert scim.get(f"/Groups/{gid}", headers={"If-None-Match": now}).status_code == 304


def test_a_group_cannot_be_mapped_to_the_manager_role(client: Any, login: Any, org: Any) -> None:
    """Managers are who manage a unit (the users' manager attribute); a group gives no such role."""
    login(org.admin)
    client.post("/admin/scim/groups", data={"display_name": "learnapp-chefer"})
    group = db.session.scalar(select(ScimGroup).where(ScimGroup.display_name == "learnapp-chefer"))
    assert group is not None
    page = client.get("/admin/scim/").text
    assert 'value="manager"' not in page and "attribut <code>manager</code>" in page
    response = client.post(f"/admin/scim/groups/{group.id}", data={"role": "manager"})
    assert response.status_code == 302
    page = client.get("/admin/scim/").text
    assert "Chefer kommer från användarnas attribut manager" in page
    db.session.expire_all()
    assert db.session.get(ScimGroup, group.id).role is None
