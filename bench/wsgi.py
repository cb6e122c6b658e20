"""The app as the benchmark serves it: production's `create_app()` plus one route of its own.

`/bench/signed-in` does what every signed-in page does before its own work (the session cookie,
the signed-in person with their roles, the connection) and nothing more. Measured beside the
floor (`/healthz`), it shows how much of a page's time is the price of being signed in. The route
exists only in the app the runner starts, never in the product.
"""

from __future__ import annotations

from flask import Flask
from flask_login import login_required

from learnapp import create_app

SIGNED_IN_PATH = "/bench/signed-in"


def add_signed_in_floor(app: Flask) -> Flask:
    @app.get(SIGNED_IN_PATH)
    @login_required
    def signed_in_floor() -> tuple[str, int, dict[str, str]]:
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}

    return app


def create_bench_app() -> Flask:
    """What gunicorn runs under the benchmark: `bench.wsgi:create_bench_app()`."""
    return add_signed_in_floor(create_app())
