"""Absolute links for e-mails and other messages read outside the browser.

Every e-mailed link is built here, from `BASE_URL`, never from the request's `Host` header (which
an attacker can set). Without `BASE_URL` (development and tests only) the request's or
`SERVER_NAME`'s host is used, so links still work on a developer's machine.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint` for a message: `BASE_URL` + the route's path."""
    base = current_app.config.get("BASE_URL")
    if base:
        adapter = current_app.url_map.bind("localhost", script_name="/")
        return base.rstrip("/") + adapter.build(endpoint, values)
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)
