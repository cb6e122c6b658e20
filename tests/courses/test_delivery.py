"""The catalogue, the course page and the lessons, as a signed-in person sees them."""

from __future__ import annotations

from sqlalchemy import select

from learnapp import signals
from learnapp.areas.services import areas_by_code, seed_default_areas
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.extensions import db
from learnapp.training.models import CourseStatus, Status
from tests import factories
from tests.querycount import count_statements


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def read_ids(person) -> set[int]:
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.person_id == person.id)
        )
    )


def test_course_pages_need_sign_in(client, org):
    factories.course("kurs")
    db.session.commit()
    for url in ("/courses/", "/courses/kurs/", "/courses/kurs/lektion-1"):
        assert client.get(url).status_code == 302


def test_catalogue_lists_published_courses_only(client, login, org):
    factories.course("synlig", title="Synlig kurs")
    factories.course("dold", title="Dold kurs", published=False)
    db.session.commit()
    login(org.staff)
    html = page(client, "/courses/")
    assert "Synlig kurs" in html
    assert "Dold kurs" not in html


def test_catalogue_filters_by_competence_area(make_course, sync, client, login, org):
    make_course("med-rutin")
    make_course(
        "utan-rutin",
        {
            "course.md": (
                "---\ntitle: Utan rutin\nversion: 1\nsummary: S\nlanguage: sv\nminutes: 5\n"
                "areas: [lokaler]\npass_mark: 0.8\nvalidity_months: 0\naudience: Alla\n---\nIntro.\n"
            )
        },
    )
    sync()
    login(org.staff)
    html = page(client, "/courses/?area=rutin")
    assert 'href="/courses/med-rutin/"' in html
    assert 'href="/courses/utan-rutin/"' not in html
    assert '<option value="rutin" selected>' in html


def test_catalogue_ignores_an_unknown_area(client, login, org):
    factories.course("kurs", title="En kurs")
    db.session.commit()
    login(org.staff)
    assert "En kurs" in page(client, "/courses/?area=finns-inte")


def test_catalogue_shows_time_and_status_in_text(client, login, org):
    course = factories.course("kurs", minutes=25)
    db.session.commit()
    login(org.staff)
    html = page(client, "/courses/")
    assert "cirka 25 minuter" in html
    assert '<span class="status status-not_started">Inte påbörjad</span>' in html
    client.get("/courses/kurs/lektion-1")
    assert '<span class="status status-in_progress">Pågår</span>' in page(client, "/courses/")
    # merge: reading the lesson has already stored a status row (the training feature listens)
    db.session.merge(
        CourseStatus(person_id=org.staff.id, course_id=course.id, status=Status.COMPLETED)
    )
    db.session.commit()
    assert '<span class="status status-completed">Klar</span>' in page(client, "/courses/")


def test_catalogue_uses_the_same_number_of_queries_for_more_courses(client, login, org):
    factories.course("a")
    db.session.commit()
    login(org.staff)
    client.get("/courses/")
    with count_statements() as few:
        page(client, "/courses/")
    for _ in range(5):
        factories.course()
    db.session.commit()
    with count_statements() as many:
        page(client, "/courses/")
    assert len(many) == len(few)


def test_course_page_shows_progress_as_text_and_continue_button(client, login, org):
    factories.course("kurs", lessons=3)
    db.session.commit()
    login(org.staff)
    html = page(client, "/courses/kurs/")
    assert "Lektioner lästa: 0 av 3" in html
    assert 'href="/courses/kurs/lektion-1">' in html and "Börja kursen" in html
    client.get("/courses/kurs/lektion-1")
    html = page(client, "/courses/kurs/")
    assert "Lektioner lästa: 1 av 3" in html
    assert '<a class="button" href="/courses/kurs/lektion-2">' in html
    assert "Fortsätt där du slutade" in html


def test_course_page_marks_read_lessons_in_text(client, login, org):
    factories.course("kurs", lessons=2)
    db.session.commit()
    login(org.staff)
    client.get("/courses/kurs/lektion-2")
    html = page(client, "/courses/kurs/")
    assert html.index("Lektion 1</a>") < html.index("Inte läst") < html.index("Lektion 2</a>")
    assert html.index("Lektion 2</a>") < html.index(">Läst<")


def test_course_page_renders_the_course_slot(client, login, org):
    from learnapp import slots

    factories.course("kurs")
    db.session.commit()

    @slots.register("course", "test-panel", order=99)
    def panel(course, person):
        return f"<section>Panel för {course.slug} och {person.name}</section>"

    try:
        login(org.staff)
        assert "Panel för kurs och Lärare Söder" in page(client, "/courses/kurs/")
    finally:
        slots._slots["course"].pop("test-panel")


def test_lesson_page_shows_position_and_previous_and_next(client, login, org):
    factories.course("kurs", lessons=3)
    db.session.commit()
    login(org.staff)
    html = page(client, "/courses/kurs/lektion-2")
    assert "Lektion 2 av 3" in html
    assert 'href="/courses/kurs/lektion-1"' in html and "Föregående lektion" in html
    assert 'href="/courses/kurs/lektion-3"' in html and "Nästa lektion" in html
    last = page(client, "/courses/kurs/lektion-3")
    assert "Tillbaka till kurssidan" in last


def test_lesson_page_reads_the_same_statements_however_many_lessons(client, login, org):
    factories.course("kort", lessons=2)
    factories.course("lang", lessons=12)
    db.session.commit()
    login(org.staff)
    page(client, "/courses/kort/lektion-2")  # first views: their receivers recount
    page(client, "/courses/lang/lektion-2")
    with count_statements() as short:
        page(client, "/courses/kort/lektion-2")
    with count_statements() as long:
        html = page(client, "/courses/lang/lektion-2")
    assert len(long) == len(short)
    assert "Lektion 2 av 12" in html
    # Only this lesson's body is shown; of the others, only their titles (for the links).
    bodies = db.session.execute(
        select(Lesson.slug, Lesson.body_html).join(Course).where(Course.slug == "lang")
    ).all()
    body_of = dict(bodies)
    assert body_of["lektion-2"] in html
    assert body_of["lektion-3"] not in html


def test_viewing_a_lesson_marks_it_read_and_sends_lesson_viewed(client, login, org):
    course = factories.course("kurs")
    db.session.commit()
    sent = []

    def receiver(sender, **kw):
        sent.append((kw["person"].id, kw["lesson"].slug, kw["first_time"]))

    signals.lesson_viewed.connect(receiver)
    try:
        login(org.staff)
        client.get("/courses/kurs/lektion-1")
        client.get("/courses/kurs/lektion-1")
    finally:
        signals.lesson_viewed.disconnect(receiver)
    assert sent == [(org.staff.id, "lektion-1", True), (org.staff.id, "lektion-1", False)]
    progress = db.session.scalar(select(LessonProgress))
    assert progress.lesson_id == course.lessons[0].id
    assert progress.last_viewed_at > progress.first_viewed_at  # the second view moved it


def test_progress_is_kept_across_sessions(client, login, org):
    factories.course("kurs", lessons=2)
    db.session.commit()
    login(org.staff)
    client.get("/courses/kurs/lektion-1")
    login.logout()
    login(org.staff)
    assert "Lektioner lästa: 1 av 2" in page(client, "/courses/kurs/")


def test_an_inactive_lesson_answers_404(client, login, org):
    course = factories.course("kurs", lessons=2)
    course_lessons = course.lessons
    course_lessons[1].active = False
    db.session.commit()
    login(org.staff)
    assert client.get("/courses/kurs/lektion-2").status_code == 404
    assert "Lektion 1 av 1" in page(client, "/courses/kurs/lektion-1")


def test_unknown_course_and_lesson_answer_404(client, login, org):
    factories.course("kurs")
    db.session.commit()
    login(org.staff)
    assert client.get("/courses/finns-inte/").status_code == 404
    assert client.get("/courses/kurs/finns-inte").status_code == 404


def test_unpublished_course_answers_404_to_staff(client, login, org):
    factories.course("dold", published=False)
    db.session.commit()
    login(org.staff)
    assert client.get("/courses/dold/").status_code == 404
    assert client.get("/courses/dold/lektion-1").status_code == 404
    assert read_ids(org.staff) == set()


def test_coordinator_may_preview_an_unpublished_course(client, login, org):
    factories.course("dold", published=False)
    db.session.commit()
    login(org.coordinator)
    assert "Kursen är inte publicerad" in page(client, "/courses/dold/")


def test_images_are_served_from_the_course_folder(
    courses_app, make_course, sync, client, login, org
):
    make_course()
    sync()
    login(org.staff)
    response = client.get("/courses/testkurs/files/bild.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")


def test_files_outside_the_folder_or_not_images_are_refused(
    courses_app, root, make_course, sync, client, login, org
):
    make_course()
    make_course("annan")
    sync()
    (root / "hemlig.png").write_bytes(b"x")
    login(org.staff)
    for url in (
        "/courses/testkurs/files/../hemlig.png",
        "/courses/testkurs/files/..%2Fhemlig.png",
        "/courses/testkurs/files/%2E%2E/hemlig.png",
        "/courses/testkurs/files/course.md",
        "/courses/testkurs/files/quiz.gift",
        "/courses/testkurs/files/finns-inte.png",
        "/courses/testkurs/files/..%5Chemlig.png",
    ):
        assert client.get(url).status_code == 404, url


def test_images_of_an_unpublished_course_answer_404_to_staff(
    courses_app, make_course, sync, client, login, org
):
    make_course()
    sync()
    db.session.scalar(select(Course)).published = False
    db.session.commit()
    login(org.staff)
    assert client.get("/courses/testkurs/files/bild.png").status_code == 404


def test_a_synced_lesson_links_to_the_next_lesson_and_its_image(
    courses_app, make_course, sync, client, login, org
):
    make_course()
    sync()
    login(org.staff)
    html = page(client, "/courses/testkurs/forsta")
    assert 'href="/courses/testkurs/andra"' in html
    assert 'src="/courses/testkurs/files/bild.png"' in html


def test_pages_are_in_english_when_chosen(client, login, org):
    factories.course("kurs", lessons=2)
    db.session.commit()
    login(org.staff)
    client.post("/language", data={"lang": "en"})
    html = page(client, "/courses/kurs/lektion-1")
    assert "Lesson 1 of 2" in html and "Next lesson" in html


def test_course_pages_have_one_h1(client, login, org):
    factories.course("kurs")
    db.session.commit()
    login(org.staff)
    for url in ("/courses/", "/courses/kurs/", "/courses/kurs/lektion-1"):
        assert page(client, url).count("<h1") == 1, url


def test_the_area_filter_has_a_label_tied_to_it(client, login, org):
    seed_default_areas()
    factories.course("kurs", areas=[areas_by_code()["rutin"]])
    db.session.commit()
    login(org.staff)
    catalogue = page(client, "/courses/")
    assert '<label for="area">' in catalogue and '<select id="area" name="area">' in catalogue


def test_lesson_counts_ignore_lessons_removed_from_the_course(client, login, org):
    from learnapp.courses.queries import lesson_counts

    course = factories.course("kurs", lessons=3)
    db.session.commit()
    login(org.staff)
    client.get("/courses/kurs/lektion-1")
    client.get("/courses/kurs/lektion-3")
    db.session.expire_all()
    assert lesson_counts(org.staff, course) == (2, 3)
    course.lessons[2].active = False
    db.session.flush()
    assert lesson_counts(org.staff, course) == (1, 2)
