"""Markdown is rendered once and cleaned with an allow-list: nothing in a file can run script."""

from __future__ import annotations

from learnapp.courses.render import Links, render_markdown

LINKS = Links("/courses/kurs/", {"01-start.md": "start", "02-foo.md": "foo"})


def render(text: str) -> str:
    return render_markdown(text, LINKS)


def test_script_tags_are_removed_with_their_content():
    html = render("Hej\n\n<script>alert('x')</script>\n")
    assert "<script" not in html
    assert "alert" not in html


def test_event_handler_attributes_are_removed():
    html = render('<img src="bild.png" onerror="alert(1)">\n\n<p onclick="alert(2)">text</p>\n')
    assert "onerror" not in html
    assert "onclick" not in html
    assert "alert" not in html


def test_javascript_links_lose_their_address():
    html = render('[klicka](javascript:alert(1))\n\n<a href="javascript:alert(2)">här</a>\n')
    assert "javascript:" not in html
    assert "klicka" in html and "här" in html


def test_inline_styles_and_iframes_are_removed():
    html = render('<p style="color:red">röd</p>\n\n<iframe src="https://example.org"></iframe>\n')
    assert "style=" not in html
    assert "iframe" not in html


def test_links_between_lessons_become_lesson_urls():
    html = render("[nästa](02-foo.md) och [avsnitt](02-foo.md#del-2)")
    assert 'href="/courses/kurs/foo"' in html
    assert 'href="/courses/kurs/foo#del-2"' in html


def test_a_link_to_course_md_goes_to_the_course_page():
    assert 'href="/courses/kurs/"' in render("[kursen](course.md)")


def test_relative_images_are_served_from_the_course_files_url():
    html = render("![En karta](karta.png)")
    assert '<img alt="En karta" src="/courses/kurs/files/karta.png">' in html


def test_images_from_elsewhere_lose_their_source():
    html = render("![extern](https://example.org/x.png)")
    assert "example.org" not in html


def test_external_links_are_kept():
    html = render("[MSB](https://www.msb.se/)")
    assert 'href="https://www.msb.se/"' in html


def test_tables_lists_quotes_and_code_are_rendered():
    html = render(
        "| A | B |\n|:--|--:|\n| 1 | 2 |\n\n- ett\n- två\n\n> citat\n\n```\n<b>kod</b>\n```\n"
    )
    assert '<th align="left" scope="col">A</th>' in html
    assert '<td align="right">2</td>' in html
    assert "<li>ett</li>" in html
    assert "<blockquote>" in html
    assert "&lt;b&gt;kod&lt;/b&gt;" in html


def test_a_level_one_heading_is_shown_as_level_two():
    assert render("# Rubrik") == "<h2>Rubrik</h2>"


def test_an_image_written_as_html_is_served_from_the_course_files_url():
    html = render(
        'Se kartan: <img src="karta.png" alt="En karta">\n\n<img alt="Två" src=\'b.jpg\'>\n'
    )
    assert '<img src="/courses/kurs/files/karta.png" alt="En karta">' in html
    assert '<img alt="Två" src="/courses/kurs/files/b.jpg">' in html


def test_an_image_written_as_html_from_elsewhere_loses_its_source():
    html = render(
        '<img src="https://example.org/x.png" alt="extern">\n\n<img src="../annan/y.png">\n'
    )
    assert "example.org" not in html and "annan" not in html
    assert 'alt="extern"' in html
