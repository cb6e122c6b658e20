"""Runs the real OpenID Provider of `provider.mjs` (panva's oidc-provider under Node.js) for a
test, and a small browser that follows redirects between the app (the Flask test client) and the
provider (over HTTP), filling in the provider's own login and consent forms."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

HERE = Path(__file__).parent
MODULES = HERE / "node_modules" / "oidc-provider"
START_SECONDS = 60


def unavailable() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "OpenID Provider tests skipped: Node.js (node) is not installed"
    if not MODULES.is_dir():
        return (
            "OpenID Provider tests skipped: tests/oidc/node_modules is missing "
            "(make test installs it with npm; npm is not installed?)"
        )
    return None


def required() -> bool:
    """CI sets this: a skipped provider test would prove nothing there."""
    return os.environ.get("LEARNAPP_REQUIRE_OIDC_TESTS") == "1"


class OpenIdProvider:
    def __init__(self, clients: list[dict[str, Any]], accounts: dict[str, dict[str, Any]]) -> None:
        # The provider's own log (its warnings, a stack trace behind a "server_error"), for
        # when a test fails.
        self.log = tempfile.NamedTemporaryFile(prefix="oidc-provider-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            ["node", str(HERE / "provider.mjs")],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"clients": clients, "accounts": accounts}))
        self.process.stdin.close()
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(START_SECONDS)
        if not line or not line[0].strip():
            self.stop()
            raise RuntimeError("the OpenID Provider did not start")
        self.issuer: str = json.loads(line[0])["issuer"]

    def set_mode(self, mode: str | None) -> None:
        """Make the token endpoint hand out a bad ID token (see provider.mjs), or a good one."""
        response = requests.post(f"{self.issuer}/__test/mode", json={"mode": mode}, timeout=10)
        response.raise_for_status()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_text(self) -> str:
        return Path(self.log.name).read_text(errors="replace") if not self.log.closed else ""


_INPUT = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_of(html: str) -> tuple[str, dict[str, str]]:
    """The first form's action and its inputs' names and values."""
    form = re.search(r"<form\b([^>]*)>(.*?)</form>", html, re.IGNORECASE | re.DOTALL)
    assert form, html
    attrs = dict(_ATTR.findall(form.group(1)))
    fields = {}
    for tag in _INPUT.findall(form.group(2)):
        found = dict(_ATTR.findall(tag))
        if "name" in found:
            fields[found["name"]] = unescape(found.get("value", ""))
    return unescape(attrs.get("action", "")), fields


class Browser:
    """Follows redirects across the app (the Flask test client) and the provider (HTTP)."""

    def __init__(self, client: Any, provider: OpenIdProvider) -> None:
        self.client = client
        self.provider = provider
        self.http = requests.Session()
        self.visited: list[str] = []
        self.prompts: list[str] = []  # the provider's forms filled in, in order

    def _at_provider(self, url: str) -> bool:
        return url.startswith(self.provider.issuer)

    def go(self, url: str, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        """Open `url` and follow every redirect; the last response (the app's or the provider's)."""
        for _ in range(20):
            self.visited.append(url)
            if self._at_provider(url):
                response = self.http.request(
                    method, url, data=data, allow_redirects=False, timeout=10
                )
                location = response.headers.get("Location")
            else:
                parts = urlsplit(url)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                response = self.client.open(path, method=method, data=data)
                location = response.headers.get("Location")
            if response.status_code not in (301, 302, 303, 307) or not location:
                return response
            url = urljoin(url, location)
            method, data = "GET", None
        raise AssertionError(f"too many redirects: {self.visited}")

    def sign_in(self, login: str, start: str = "/auth/oidc/login") -> Any:
        """Press the single sign-on button and go through the provider's forms as `login`."""
        response = self.go(start)
        for _ in range(5):
            if not isinstance(response, requests.Response):
                return response  # back at the app
            if "<form" not in response.text:
                log = self.provider.log_text()[-3000:]
                raise AssertionError(f"the provider answered:\n{response.text}\n{log}")
            action, fields = form_of(response.text)
            self.prompts.append(fields.get("prompt", ""))
            if fields.get("prompt") == "login":
                fields.update(login=login, password="whatever-the-provider-accepts")
            response = self.go(urljoin(response.url, action), "POST", fields)
        raise AssertionError(f"the provider kept asking:\n{self.provider.log_text()[-3000:]}")

    def callback_url(self) -> str:
        """The last address the provider sent the browser back to the app with."""
        return next(u for u in reversed(self.visited) if "/auth/oidc/callback" in u)
