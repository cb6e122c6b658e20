"""Input that only looks right is a clear answer, never a 500: digits that are not 0-9 ("²",
Arabic-Indic), numbers past the database's integers, dates far outside the service's years, and a
long passphrase."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import func, select

from learnapp.auth import mfa
from learnapp.bounds import MAX_INT, bounded_int, is_digits
from learnapp.extensions import db
from learnapp.org.models import Person, Unit
from tests import factories

HUGE = "99999999999999999999"


@pytest.mark.parametrize("raw", ["²", "١٢٣", "12²", "", "-1", "1.0"])
def test_only_the_digits_0_to_9_are_a_number(raw):
    assert not is_digits(raw)
    assert bounded_int(raw) is None


def test_a_number_past_the_database_integers_is_none():
    assert bounded_int(str(MAX_INT)) == MAX_INT
    assert bounded_int(str(MAX_INT + 1)) is None and bounded_int(HUGE) is None
    assert bounded_int(MAX_INT + 1) is None and bounded_int("42") == 42


@pytest.mark.parametrize("page", ["²", "١", HUGE, "-1", "abc"])
def test_a_page_number_that_is_not_one_is_no_server_error(client, login, org, page):
    login(org.coordinator)
    assert client.get(f"/org/?page={page}").status_code in (200, 400)
    assert client.get(f"/admin/people?page={page}").status_code in (200, 400)


def test_a_unit_posted_with_a_number_past_the_database_integers_is_not_found(client, login, org):
    login(org.admin)
    units = db.session.scalar(select(func.count(Unit.id)))
    response = client.post("/admin/units", data={"name": "Ny enhet", "department": HUGE})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Unit.id))) == units
    # A parent that is no number is no parent, as any other text there (the page's own form
    # never sends one): the unit goes at the top of the department.
    response = client.post(
        "/admin/units",
        data={"name": "Ny enhet", "department": org.soder.department_id, "parent": HUGE},
    )
    assert response.status_code == 302


def test_a_report_period_in_year_one_is_a_form_error_in_swedish(client, login, org):
    login(org.coordinator)
    for query in ("start=0001-01-01&end=2026-05-01", "start=2026-01-01&end=9999-12-31"):
        response = client.get(f"/reports/?{query}")
        assert response.status_code == 200, query
        assert "Ange ett datum mellan åren 1900 och 2999." in response.get_data(as_text=True)
    assert client.get(f"/reports/?inventory={HUGE}").status_code == 200


def test_a_passphrase_longer_than_72_characters_can_be_chosen(client, login, org):
    login(org.staff)
    phrase = "gröna äpplen faller tyst under den långa hösten vid sjön " * 2  # 116 characters
    response = client.post(
        "/password", data={"current": factories.PASSWORD, "new": phrase, "confirm": phrase}
    )
    assert response.status_code == 302
    login.logout()
    login(db.session.get(Person, org.staff.id), phrase)


def test_a_two_step_code_in_other_digits_is_wrong_not_an_error():
    secret = pyotp.random_base32()
    assert not mfa.code_matches(secret, "١٢٣٤٥٦")
    assert not mfa.code_matches(secret, "²²²²²²")
    assert mfa.code_matches(secret, pyotp.TOTP(secret).now())
