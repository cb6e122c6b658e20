"""The completions chart on the training overview: every value inside the drawing, months with
their year, in the reader's language."""

from __future__ import annotations

import re

from learnapp.db import utcnow
from learnapp.extensions import db
from tests.training.conftest import complete


def chart(page: str) -> str:
    return page[page.index('<svg class="chart"') : page.index("</svg>")]


def test_the_tallest_bars_value_and_every_label_lie_inside_the_drawing(client, login, org, course):
    complete(org.staff, course, at=utcnow())
    complete(org.other_staff, course, at=utcnow())
    db.session.commit()
    login(org.coordinator)
    svg = chart(client.get("/training/overview").get_data(as_text=True))
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    values = re.findall(r'<text class="chart-value" x="([\d.]+)" y="(-?[\d.]+)"[^>]*>([^<]*)<', svg)
    assert len(values) == 12 and values[-1][2] == "2"
    for x, y, _text in values:
        assert 11 <= float(y) <= height and 0 < float(x) < width  # a 11 px text above y fits
    bottoms = [
        float(y) + float(dy)
        for y, dy in re.findall(r'y="([\d.]+)"[^>]*>[^<]*<tspan[^>]*dy="(\d+)"', svg)
    ]
    assert bottoms and max(bottoms) <= height - 3


def test_each_month_is_labelled_with_its_year_in_the_readers_language(client, login, org, course):
    complete(org.staff, course, at=utcnow())
    db.session.commit()
    org.coordinator.language = "en"
    db.session.commit()
    login(org.coordinator)
    page = client.get("/training/overview").get_data(as_text=True)
    now = utcnow()
    year = str(now.year)
    labels = re.findall(
        r'<text class="chart-label"[^>]*>([^<]*)<tspan[^>]*>(\d{4})</tspan>', chart(page)
    )
    assert len(labels) == 12 and labels[-1][1] == year
    assert all(re.fullmatch(r"[A-Z][a-z]{2,3}", name) for name, _y in labels), labels
    assert f'<th scope="row">{now.strftime("%B")} {year}</th>' in page  # the table: "December 2026"
