"""Every route of the app requires sign-in, unless it is listed below as public with its reason:
a new route cannot ship without that decision. (Who may open a signed-in page is in each
feature's access tests.)"""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from werkzeug.routing import Rule

SCIM = "the SCIM API for the directory: a bearer token instead of a session (401 without)"
PUBLIC = {
    "scim.service_provider_config": SCIM,
    "scim.resource_types": SCIM,
    "scim.resource_type": SCIM,
    "scim.schema_list": SCIM,
    "scim.schema": SCIM,
    "scim.list_users": SCIM,
    "scim.create_user": SCIM,
    "scim.get_user": SCIM,
    "scim.replace_user": SCIM,
    "scim.patch_user": SCIM,
    "scim.delete_user": SCIM,
    "scim.list_groups": SCIM,
    "scim.create_group": SCIM,
    "scim.get_group": SCIM,
    "scim.replace_group": SCIM,
    "scim.patch_group": SCIM,
    "scim.delete_group": SCIM,
    "scim.unknown": SCIM,
    "auth.login": "the sign-in page",
    "auth.reset_request": "asking for a password reset",
    "auth.reset_password": "the reset link from the mail (a token in the URL)",
    "auth.invitation": "the invitation's link from the mail (a token in the URL)",
    "auth.oidc_login": "the single sign-on button (to the OpenID Provider)",
    "auth.oidc_callback": "where the OpenID Provider sends the browser back",
    "home.accessibility": "the accessibility statement (required to be public)",
    "home.favicon": "the site's icon, which browsers fetch before anyone signs in",
    "home.healthz": "the load balancer's health check",
    "home.readyz": "the load balancer's readiness check",
    "home.set_language": "choosing the language before signing in",
    "privacy.page": "the privacy notice",
    "quizzes.verify": "anyone may check a certificate's code",
    "notifications.feed": "the private calendar feed (a token in the URL)",
    "static": "style sheets and images",
}


def _example_url(rule: Rule) -> str:
    values: dict[str, Any] = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if kind.endswith("IntegerConverter"):  # learnapp.bounds subclasses it
            values[name] = 1
        elif kind == "AnyConverter":
            values[name] = sorted(converter.items)[0]  # type: ignore[attr-defined]
        else:
            values[name] = "x"
    return url_for(rule.endpoint, **values)


def test_every_route_asks_an_anonymous_visitor_to_sign_in_unless_it_is_public(
    app: Flask, client: Any
) -> None:
    not_guarded = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        with app.test_request_context():
            url = _example_url(rule)
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        response = client.open(url, method=method)
        if not (response.status_code == 302 and "/login" in response.headers["Location"]):
            not_guarded.append(f"{rule.endpoint} {method} {url} -> {response.status_code}")
    assert not_guarded == []


def test_every_public_endpoint_exists(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(PUBLIC) - endpoints == set()
