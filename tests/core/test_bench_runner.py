"""The benchmark runner's arithmetic and parsing (the runner itself is run by `make bench`)."""

from __future__ import annotations

import pytest

from bench.client import parse_form
from bench.database import BenchError
from bench.load import Result, percentile
from bench.targets import Target, verdict


def test_percentiles_interpolate_between_ranks() -> None:
    values = [0.4, 0.1, 0.3, 0.2]
    assert percentile(values, 0) == 0.1
    assert percentile(values, 100) == 0.4
    assert percentile(values, 50) == pytest.approx(0.25)


def test_requests_per_second_is_wall_time_or_littles_law() -> None:
    plain = Result("lesson", 2, latencies=[0.01] * 100, wall=0.5)
    assert plain.rps == pytest.approx(200)
    assert plain.percentile_ms(50) == pytest.approx(10)
    quiz = Result("quiz", 1, latencies=[0.02] * 10, wall=5.0, extra_requests=True)
    assert quiz.rps == pytest.approx(50)  # one client / 20 ms, not 10 / 5 s


def test_a_target_is_met_at_most_or_at_least_its_limit() -> None:
    at_most = Target("lesson", "p50_ms", 15)
    at_least = Target("lesson", "rps_of_floor", 40, at_least=True)
    assert at_most.met(15) and not at_most.met(15.1)
    assert at_least.met(40) and not at_least.met(39)
    assert at_most.met(None) is None
    assert verdict([True, None]) == "pass" and verdict([True, False]) == "FAIL"
    assert verdict([None]) == ""


def test_the_form_to_the_given_action_is_read_with_its_token_and_choices() -> None:
    html = """
    <form method="post" action="/logout"><input type="hidden" name="csrf_token" value="a"></form>
    <form method="post" action="/quiz/attempts/7">
      <input type="hidden" name="csrf_token" value="b">
      <input type="radio" name="q-1" value="0" id="c0"><label for="c0">Ja</label>
      <input type="radio" name="q-1" value="1" id="c1"><label for="c1">Nej</label>
    </form>"""
    form = parse_form(html, "/quiz/attempts/7")
    assert form.value("csrf_token") == "b"
    assert form.choices["q-1"] == ["0", "1"]
    assert form.label("q-1", "1") == "Nej"
    with pytest.raises(BenchError):
        parse_form(html, "/nowhere")


def test_only_runs_the_named_scenarios_and_exports_and_always_the_floors() -> None:
    from bench.__main__ import parse

    options = parse(["--only", "lesson, needs_csv"])
    assert options.only == {"lesson", "needs_csv"}
    assert options.wants("lesson") and options.wants("needs_csv") and options.wants("floor")
    assert options.wants("signed_in")
    assert not options.wants("status_report") and not options.wants("needs_xlsx")
    everything = parse([])
    assert everything.wants("status_report") and everything.wants("needs_xlsx")


def test_only_refuses_a_name_that_is_neither_scenario_nor_export(capsys) -> None:
    from bench.__main__ import parse

    with pytest.raises(SystemExit):
        parse(["--only", "lesson,lessons"])
    assert "unknown names lessons" in capsys.readouterr().err


def test_staff_clients_take_the_staff_accounts_in_turn_and_own_account_scenarios_cap_at_them() -> (
    None
):
    from bench.load import Scenario, get
    from bench.run import accounts, clients_for

    emails, password = accounts(
        {"accounts": {"staff": "a@x", "manager": "m@x"}, "password": "pw",
         "staff_accounts": ["a@x", "b@x"]}
    )  # fmt: skip
    assert emails == {"staff": ["a@x", "b@x"], "manager": ["m@x"]} and password == "pw"
    clients = ["first", "second", "third", "fourth"]
    shared = Scenario("lesson", "staff", get("/"))
    own = Scenario("quiz_submit", "staff", get("/"), own_account=True)
    assert clients_for(shared, clients, 2, 4) == clients  # type: ignore[arg-type]
    assert clients_for(own, clients, 2, 4) == ["first", "second"]  # type: ignore[arg-type]
    assert clients_for(own, clients, 8, 3) == ["first", "second", "third"]  # type: ignore[arg-type]


@pytest.mark.commits  # the organisation is committed for the bench's app of its own to see
def test_the_bench_app_adds_a_signed_in_floor_that_only_loads_the_person(org, fresh_app) -> None:
    from bench.wsgi import SIGNED_IN_PATH, add_signed_in_floor
    from tests.conftest import Login
    from tests.querycount import count_statements

    add_signed_in_floor(fresh_app)
    client = fresh_app.test_client()
    login = Login(client)
    anonymous = client.get(SIGNED_IN_PATH)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(org.staff)
    with count_statements() as statements:
        response = client.get(SIGNED_IN_PATH)
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
    assert len(statements) == 1  # the person with their roles


def test_the_product_has_no_signed_in_floor(client, login, org) -> None:
    from bench.wsgi import SIGNED_IN_PATH

    login(org.staff)
    assert client.get(SIGNED_IN_PATH).status_code == 404
