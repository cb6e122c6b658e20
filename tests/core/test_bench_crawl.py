"""The benchmark's crawl: which pages it finds from a role's menu, and how it judges them."""

from __future__ import annotations

from bench.client import Response
from bench.crawl import discover, figures, kind, links, local_path, slowest
from bench.load import Result
from bench.report import crawl_summary, crawl_tables

ORIGIN = "http://127.0.0.1:8000"


def page(body: str, status: int = 200, content_type: str = "text/html; charset=utf-8") -> Response:
    return Response(status, None, body.encode(), content_type)


MENU = '<nav class="main-nav"><ul><li><a href="/courses/">Kurser</a></li><li><a href="/org/">Org</a></li></ul></nav>'


class FakeClient:
    def __init__(self, pages: dict[str, Response]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def get(self, path: str) -> Response:
        self.asked.append(path)
        return self.pages.get(path, page("", 404))


def test_links_are_read_with_the_main_menu_apart_and_downloads_left_out() -> None:
    every, menu = links(
        MENU + '<main><a href="/org/units/3">A</a><a download href="/x">B</a></main>'
    )
    assert menu == ["/courses/", "/org/"]
    assert every == ["/courses/", "/org/", "/org/units/3"]
    assert local_path("units/4?page=2#top", "/org/", ORIGIN) == "/org/units/4?page=2"
    assert local_path("https://www.polisen.se/", "/", ORIGIN) is None
    assert local_path("/org/export.csv", "/", ORIGIN) is None
    assert local_path("/static/app.css", "/", ORIGIN) is None
    assert (
        kind("/org/units/12?page=3&q=x")
        == kind("/org/units/7?q=&page=1")
        == "/org/units/<n>?page=&q="
    )


def test_discovery_is_breadth_first_from_the_menu_bounded_and_takes_two_of_each_kind() -> None:
    units = "".join(f'<a href="/org/units/{n}">U{n}</a>' for n in range(1, 9))
    courses = "".join(f'<a href="/courses/c{n}/">C{n}</a>' for n in range(1, 9))
    client = FakeClient(
        {
            "/": page(MENU),
            "/courses/": page(MENU + courses + '<a href="/courses/c1/export.xlsx">x</a>'),
            "/org/": page(MENU + units + '<a href="/org/plain">t</a>'),
            "/org/plain": page("text", content_type="text/plain"),
            **{f"/org/units/{n}": page(MENU + '<a href="/org/deep">d</a>') for n in range(1, 9)},
            **{f"/courses/c{n}/": page(MENU) for n in range(1, 9)},
            "/org/deep": page(MENU),
        }
    )
    found = discover(client, "manager", ORIGIN, limit=50)  # type: ignore[arg-type]
    assert found.pages[:2] == ["/courses/", "/org/"]
    # A list of eight courses: the first two; numbered units: two of the kind.
    assert [p for p in found.pages if p.startswith("/courses/c")] == [
        "/courses/c1/",
        "/courses/c2/",
    ]
    assert [p for p in found.pages if p.startswith("/org/units/")] == [
        "/org/units/1",
        "/org/units/2",
    ]
    assert "/org/deep" in found.pages  # two levels down
    assert "/org/plain" not in found.pages and found.skipped["text/plain"] == 1
    assert discover(FakeClient(client.pages), "manager", ORIGIN, limit=3).pages == [  # type: ignore[arg-type]
        "/courses/",
        "/org/",
        "/courses/c1/",
    ]


def test_each_page_is_judged_against_its_roles_target_and_the_floor_ratio() -> None:
    fast = Result("a", 2, latencies=[0.010] * 10)
    slow = Result("b", 2, latencies=[0.030] * 10)
    broken = Result("c", 2, latencies=[0.001], errors=3, messages={"HTTP 500": 3})
    rows = figures("manager", [("/a", fast), ("/b", slow), ("/c", broken)], floor_p50=4.0)
    by_path = {r["path"]: r for r in rows}
    assert by_path["/a"]["within_target"] is True and by_path["/a"]["within_floor_ratio"] is True
    assert by_path["/b"]["within_target"] is False  # 30 ms > the manager's 25 ms
    assert by_path["/b"]["p50_x_floor"] == 7.5 and by_path["/b"]["within_floor_ratio"] is False
    assert by_path["/c"]["within_target"] is None  # an erroring page is not evidence
    assert [r["path"] for r in slowest(rows, "manager")] == ["/b", "/a", "/c"]
    summary = crawl_summary(rows)
    assert summary["manager"]["over_target"] == 1 and summary["manager"]["errors"] == 3
    text = "\n".join(crawl_tables({"crawl_summary": summary}))
    assert "crawl, manager: 3 pages; over 25 ms: 1" in text and "/b" in text
