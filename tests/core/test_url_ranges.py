"""Finding 14: out-of-range numbers in paths and query strings give 404 or 400, never 500.

Every route is walked with huge values in each integer part of its path and in the query
parameters the pages read (page, target, with, the date filters), signed in as each role."""

from __future__ import annotations

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

HUGE = 10**20
QUERY = {
    "page": str(HUGE),
    "target": str(HUGE),
    "with": str(HUGE),
    "unit": str(HUGE),
    "routine": str(HUGE),
    "date_from": "9999-12-31",
    "date_to": "9999-12-31",
}


def _urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                values[name] = HUGE
            elif isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            else:
                values[name] = "x"
        with app.test_request_context():
            path = app.url_map.bind("learnapp.test").build(rule.endpoint, values)
        yield rule, path


@pytest.mark.parametrize("who", ["admin", "coordinator", "manager", "staff"])
def test_no_route_answers_500_to_huge_numbers(app, client, login, org, who):
    assert login(getattr(org, who)).status_code == 302
    failures = []
    for rule, path in _urls(app):
        if rule.endpoint in ("auth.logout", "auth.sign_out_everywhere"):
            continue
        methods = [m for m in ("GET", "POST") if m in rule.methods]
        for method in methods:
            if method == "POST" and not rule.arguments:
                continue  # forms without an id in the path are covered by their own tests
            response = client.open(path, method=method, query_string=QUERY)
            if response.status_code >= 500:
                failures.append(f"{method} {path}: {response.status_code}")
    assert failures == []


def test_a_huge_id_is_a_404(client, login, org):
    login(org.admin)
    assert client.get(f"/org/people/{HUGE}").status_code == 404
    assert client.get(f"/org/people/{2**31}").status_code == 404
