"""Every page of the feature: one h1, tables with a caption and scoped headers, no inline styles
or scripts (the CSP forbids them), labels tied to inputs."""

from __future__ import annotations

import re

import pytest

from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.training import status
from learnapp.training.models import RuleScope
from tests.training.conftest import complete, days

PAGES = [
    ("staff", "/training/mine"),
    ("manager", "/training/team"),
    ("manager", "/training/team/units/{soder}"),
    ("coordinator", "/training/overview"),
    ("coordinator", "/training/overview/departments/{dept}"),
    ("coordinator", "/training/overview/units/{soder}"),
    ("coordinator", "/training/overview/units/{schools}"),  # with the units below it
    ("coordinator", "/reports/"),
    ("coordinator", "/training/rules"),
    ("coordinator", "/training/rules/new"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_page_structure(client, login, org, course, make_rule, who, url):
    make_rule(RuleScope.EVERYONE, due_days=1)
    complete(org.manager, course)
    status.refresh(now=utcnow() + days(3))
    db.session.commit()
    login(getattr(org, who))
    response = client.get(
        url.format(soder=org.soder.id, schools=org.schools.id, dept=org.school_dept.id)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert " style=" not in html and "<script>" not in html
    assert html.count("<table") == html.count("<caption")
    assert "<th>" not in html  # every header cell has a scope
    for input_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):
        if 'type="hidden"' in html.split(f'id="{input_id}"')[0].rsplit("<", 1)[-1]:
            continue
        assert f'for="{input_id}"' in html, input_id
