"""A routine's body is rendered once and cleaned by the lessons' allow-list sanitiser."""

from __future__ import annotations

from learnapp.routines.render import render_markdown


def test_script_and_its_content_are_removed() -> None:
    html = render_markdown("Hej\n\n<script>alert('x')</script>\n")
    assert "<script" not in html and "alert" not in html


def test_event_handlers_are_removed() -> None:
    html = render_markdown('<p onclick="steal()">Klicka</p>\n\n<img src=x onerror="steal()">')
    assert "onclick" not in html and "onerror" not in html and "steal" not in html


def test_javascript_links_lose_their_target() -> None:
    html = render_markdown("[Klicka](javascript:alert(1)) och [här](https://www.polisen.se/)")
    assert "javascript:" not in html
    assert 'href="https://www.polisen.se/"' in html


def test_images_become_their_text_and_a_heading_one_becomes_a_heading_two() -> None:
    html = render_markdown("# Rubrik\n\n![Affisch med symbol](https://example.org/a.png)")
    assert "<h1" not in html and "<h2>Rubrik</h2>" in html
    assert "<img" not in html and "Affisch med symbol" in html


def test_tables_get_column_headers() -> None:
    html = render_markdown("| Vem | När |\n|---|---|\n| Chef | Genast |\n")
    assert '<th scope="col">Vem</th>' in html
