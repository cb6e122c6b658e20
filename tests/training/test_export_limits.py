"""Finding 13: one export running per person and a per-minute limit, answered with 429 and a
page in the person's language."""

from __future__ import annotations


def _url(org):
    return f"/training/team/units/{org.soder.id}/export.csv"


def test_a_second_export_while_one_is_running_is_refused(client, login, org, course):
    login(org.manager)
    first = client.get(_url(org))
    assert first.status_code == 200
    second = client.get(_url(org))  # the first file has not been read yet
    assert second.status_code == 429
    assert "håller fortfarande på att skapas" in second.get_data(as_text=True)
    first.get_data()
    first.close()
    assert client.get(_url(org)).status_code == 200


def test_exports_are_limited_per_minute(app, client, login, org, course):
    login(org.manager)
    limit = app.config["EXPORTS_PER_MINUTE"]
    for _ in range(limit):
        response = client.get(_url(org))
        assert response.status_code == 200
        response.get_data()
    refused = client.get(_url(org))
    assert refused.status_code == 429
    assert "Vänta en minut" in refused.get_data(as_text=True)


def test_the_limit_page_is_in_english_for_english_users(app, client, login, org, course):
    from learnapp.extensions import db

    org.manager.language = "en"
    db.session.commit()
    app.config["EXPORTS_PER_MINUTE"] = 0
    login(org.manager)
    refused = client.get(_url(org))
    assert refused.status_code == 429
    assert "Wait a minute and try again" in refused.get_data(as_text=True)


def test_another_person_is_not_held_up(client, login, org, course):
    login(org.manager)
    running = client.get(_url(org))
    assert running.status_code == 200
    login.logout()
    login(org.coordinator)
    assert client.get("/training/overview.csv").status_code == 200
