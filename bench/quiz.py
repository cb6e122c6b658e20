"""Quiz submissions for the benchmark, answered so that the bench account does not pass.

A passed quiz closes it for the account (no new attempt until the completion expires), which
would end the scenario for this seed. So the runner answers the first choice it does not know
to give credit, and learns from each result page which choices did (the form only shows
shuffled positions and texts; the right answers are never sent before a pass).
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from bench.client import Client, Form, parse_form
from bench.database import BenchError

WRONG_TEXT = "0"  # for short and numerical answers


def question_of(name: str) -> str:
    """`q12` for `q12` and for a matching item's `q12-3`."""
    return name.split("-", 1)[0]


class QuizAnswerer:
    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.credit: dict[str, set[str]] = {}  # question -> texts of choices that gave credit
        self.passed = False

    def answers(self, form: Form) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """The fields to send, and per question the text of the single choice made."""
        fields = list(form.hidden)
        chosen: dict[str, str] = {}
        for name, values in form.choices.items():
            if not values:
                continue
            question = question_of(name)
            known = self.credit.get(question, set())
            value = next((v for v in values if form.label(name, v) not in known), values[0])
            fields.append((name, value))
            if name == question:
                chosen[question] = form.label(name, value)
        fields += [(name, WRONG_TEXT) for name in form.texts]
        return fields, chosen

    def learn(self, order: list[str], chosen: dict[str, str], result_html: str) -> bool:
        """Remember the choices that gave credit; return whether the attempt passed."""
        page = _ResultParser()
        page.feed(result_html)
        for question, status in zip(order, page.statuses, strict=False):
            if status != "status-overdue" and question in chosen:
                self.credit.setdefault(question, set()).add(chosen[question])
        return page.passed

    def submit(self, client: Client, timed: Callable[[Callable[[], int]], None]) -> None:
        """Start an attempt, read its form, time the POST of the answers (through `timed`)."""
        token = client.csrf_token(f"/quiz/{self.slug}/")
        started = client.post(f"/quiz/{self.slug}/start", [("csrf_token", token)])
        if started.status != 302 or not (started.location or "").startswith("/quiz/attempts/"):
            why = "the staff account passed it; --reseed" if self.passed else "see the quiz page"
            raise BenchError(
                f"starting the quiz {self.slug} gave HTTP {started.status} to "
                f"{started.location} ({why})"
            )
        path = started.location or ""
        form = parse_form(client.get(path).body.decode(), path)
        fields, chosen = self.answers(form)
        order = list(dict.fromkeys(question_of(name) for name in form.names))
        result_path = f"{path}/result"

        def post() -> int:
            response = client.post(path, fields)
            ok = response.status == 302 and response.location == result_path
            return 200 if ok else response.status or 599

        timed(post)
        self.passed = self.learn(order, chosen, client.get(result_path).body.decode())


class _ResultParser(HTMLParser):
    """The status class of each question on a result page, and whether the attempt passed."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[str] = []
        self.in_result = False
        self.in_summary = False
        self.passed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "result-summary" in classes:
            self.in_summary = True
        elif tag == "li" and "result" in classes:
            self.in_result = True
        elif tag == "span" and "status" in classes:
            status = next((c for c in classes if c.startswith("status-")), "")
            if self.in_summary:
                self.passed = status == "status-completed"
                self.in_summary = False
            elif self.in_result:
                self.statuses.append(status)
                self.in_result = False
