"""The site's icon: no 404 on every page."""

from __future__ import annotations


def test_the_favicon_is_served_and_every_page_names_it(client) -> None:
    icon = client.get("/favicon.ico")
    svg = client.get("/static/img/favicon.svg")
    page = client.get("/login").get_data(as_text=True)
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert svg.status_code == 200 and b"<svg" in svg.data
    assert 'rel="icon" href="/favicon.ico"' in page and "img/favicon.svg" in page
