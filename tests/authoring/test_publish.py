"""New courses and copies, the quiz as GIFT, the preview, major versions, sync, course editors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from learnapp.authoring.models import CourseDraft
from learnapp.courses.models import Course, CourseVersion, LessonProgress
from learnapp.courses.services import sync_courses
from learnapp.db import utcnow
from learnapp.extensions import db
from learnapp.quizzes.bank import active_questions
from learnapp.quizzes.models import Completion
from tests.authoring.test_drafts import publish, revision, save_lesson


def course(slug: str) -> Course:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == slug))


def test_a_new_course_is_created_unpublished_and_published_from_the_browser(
    editor: Any, synced: Any
) -> None:
    response = editor.post(
        "/authoring/new", data={"title": "Ny kurs", "slug": "ny-kurs", "area": "grunder"}
    )
    assert response.status_code == 302
    new = course("ny-kurs")
    assert new.version == 0 and not new.published
    assert editor.get("/courses/").text.count("Ny kurs") == 0
    data = {"gift": "::F1:: Två plus två är fyra. {T}\n", "revision": revision("ny-kurs")}
    assert editor.post("/authoring/ny-kurs/quiz", data=data).status_code == 302
    data = {"kind": "major", "change_note": "Första versionen.", "revision": revision("ny-kurs")}
    assert editor.post("/authoring/ny-kurs/publish", data=data).status_code == 302
    new = course("ny-kurs")
    assert (new.version, new.published, new.edited_since_version) == (1, True, 1)
    assert len(active_questions(new)) == 1
    assert "Ny kurs" in editor.get("/courses/").text


def test_a_new_course_needs_a_free_well_formed_short_name(editor: Any, synced: Any) -> None:
    for slug, message in (("testkurs", "har redan"), ("Åäö kurs", "bara a–z")):
        response = editor.post(
            "/authoring/new", data={"title": "X", "slug": slug, "area": "grunder"}
        )
        assert response.status_code == 200 and message in response.text
    assert db.session.scalar(select(Course).where(Course.title == "X")) is None


def test_a_copy_has_the_lessons_and_questions_and_its_own_title(editor: Any, synced: Any) -> None:
    response = editor.post("/authoring/testkurs/copy", data={"title": "Kopian", "slug": "kopian"})
    assert response.status_code == 302
    copy = course("kopian")
    draft = db.session.get(CourseDraft, copy.id)
    assert "title: Kopian" in draft.files["course.md"]
    assert {"01-forsta.md", "02-andra.md", "quiz.gift"} <= set(draft.files)
    assert "Är det här ett test?" in draft.files["quiz.gift"]


def test_gift_with_errors_is_refused_with_line_numbers_and_nothing_saved(
    editor: Any, synced: Any
) -> None:
    editor.get("/authoring/testkurs/")
    before = dict(db.session.get(CourseDraft, synced.id).files)
    text = "::F1:: Rätt? {T}\n\n::F2:: Trasig {=ja ~nej\n"
    response = editor.post("/authoring/testkurs/quiz", data={"gift": text, "revision": revision()})
    assert response.status_code == 400
    assert "Line 3" in response.text or "Rad 3" in response.text
    draft = db.session.get(CourseDraft, synced.id)
    db.session.refresh(draft)
    assert draft.files == before


def test_the_preview_shows_the_draft_without_counting_as_read(
    editor: Any, synced: Any, org: Any
) -> None:
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Utkastets text.")
    response = editor.get("/authoring/testkurs/preview/forsta")
    assert response.status_code == 200 and "Utkastets text." in response.text
    assert editor.get("/authoring/testkurs/preview/").status_code == 200
    assert db.session.scalars(select(LessonProgress)).all() == []


def test_a_major_version_with_retake_expires_earlier_completions_on_record(
    editor: Any, synced: Any, org: Any
) -> None:
    earlier = Completion(
        person_id=org.staff.id,
        course_id=synced.id,
        course_version=1,
        completed_at=utcnow() - timedelta(days=3),
        code="ABCDEFGHJKLMNPQR",
    )
    db.session.add(earlier)
    db.session.commit()
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Nytt innehåll.")
    response = publish(editor, kind="major", note="Nytt innehåll.", retake="y")
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Completion, earlier.id)
    assert kept is not None and kept.course_version == 1
    assert kept.expires_at is not None and kept.expires_at <= utcnow()
    version = db.session.scalar(select(CourseVersion).where(CourseVersion.number == 2))
    assert version.major and version.retake


def test_a_minor_version_keeps_completions_valid(editor: Any, synced: Any, org: Any) -> None:
    earlier = Completion(
        person_id=org.staff.id,
        course_id=synced.id,
        course_version=1,
        completed_at=utcnow(),
        code="ABCDEFGHJKLMNPQS",
    )
    db.session.add(earlier)
    db.session.commit()
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Ett ord ändrat.")
    assert publish(editor, retake="y").status_code == 302  # retake applies to major only
    db.session.expire_all()
    assert db.session.get(Completion, earlier.id).expires_at is None


def test_publishing_needs_a_change_note(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/")
    response = publish(editor, note="")
    assert response.status_code == 400
    assert course("testkurs").version == 1


def test_sync_leaves_a_course_edited_in_the_browser_alone_unless_forced(
    editor: Any, synced: Any, root: Any, runner: Any
) -> None:
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Webbens text.")
    assert publish(editor).status_code == 302
    db.session.expire_all()
    result = runner.invoke(args=["courses", "sync", "--path", str(root)])
    assert result.exit_code == 0, result.output
    assert "testkurs: edited in the browser since version 2" in result.output
    assert course("testkurs").version == 2
    report = sync_courses(root, force=True)
    assert report.ok and report.changed == ["testkurs"]
    db.session.commit()
    forced = course("testkurs")
    assert forced.version == 3 and forced.edited_since_version is None
    files = db.session.scalar(select(CourseVersion.files).where(CourseVersion.number == 3))
    assert "Webbens text." not in files["01-forsta.md"]


def test_an_admin_makes_a_course_editor(client: Any, login: Any, org: Any, synced: Any) -> None:
    login(org.admin)
    response = client.post("/authoring/editors", data={"email": org.staff.email})
    assert response.status_code == 302
    login.logout()
    login(org.staff)
    assert client.get("/authoring/").status_code == 200
    assert client.get("/authoring/testkurs/").status_code == 200
    login.logout()
    login(org.admin)
    client.post("/authoring/editors/remove", data={"person": org.staff.id})
    login.logout()
    login(org.staff)
    assert client.get("/authoring/").status_code == 403


def test_an_image_is_checked_by_content_stored_randomly_and_served_by_the_course(
    editor: Any, synced: Any, app: Any
) -> None:
    import io

    from PIL import Image

    from learnapp.courses.services import uploads_dir

    editor.get("/authoring/testkurs/")
    picture = io.BytesIO()
    Image.new("RGB", (4, 3), "blue").save(picture, "JPEG")
    bad = {
        "svg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "bild.png"),
        "text": (b"hello, not an image", "bild.png"),
        "big": (b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "stor.png"),
    }
    for data, name in bad.values():
        response = editor.post(
            "/authoring/testkurs/images",
            data={
                "file": (io.BytesIO(data), name),
                "alt": "En bild",
                "lesson": "andra",
                "revision": revision(),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 400
    assert not uploads_dir(app, synced).exists() or not list(uploads_dir(app, synced).iterdir())
    no_alt = editor.post(
        "/authoring/testkurs/images",
        data={
            "file": (io.BytesIO(picture.getvalue()), "x.svg"),
            "alt": "",
            "lesson": "andra",
            "revision": revision(),
        },
        content_type="multipart/form-data",
    )
    assert no_alt.status_code == 400
    response = editor.post(
        "/authoring/testkurs/images",
        data={
            "file": (io.BytesIO(picture.getvalue()), "semester.svg"),
            "alt": "En blå ruta",
            "lesson": "andra",
            "revision": revision(),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    (stored,) = uploads_dir(app, synced).iterdir()
    assert stored.suffix == ".jpg" and "semester" not in stored.name
    assert publish(editor).status_code == 302
    page = editor.get("/courses/testkurs/andra")
    assert f'src="/courses/testkurs/files/{stored.name}"' in page.text
    assert 'alt="En blå ruta"' in page.text
    served = editor.get(f"/courses/testkurs/files/{stored.name}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert editor.get("/courses/testkurs/files/..%2F..%2Fconfig.py").status_code == 404


def test_an_image_without_a_text_alternative_is_refused_in_a_lesson(
    editor: Any, synced: Any
) -> None:
    editor.get("/authoring/testkurs/")
    response = save_lesson(editor, "Första lektionen", "Text ![](bild.png)")
    assert response.status_code == 400
    draft = db.session.get(CourseDraft, synced.id)
    assert "![](bild.png)" not in draft.files["01-forsta.md"]


def test_publishing_a_draw_larger_than_the_bank_is_refused(editor: Any, synced: Any) -> None:
    from tests.authoring.test_drafts import settings_form

    editor.get("/authoring/testkurs/")
    response = editor.post(
        "/authoring/testkurs/settings", data={**settings_form(draw="5"), "revision": revision()}
    )
    assert response.status_code == 302
    response = publish(editor)
    assert response.status_code == 400
    assert (
        "course.md:" in response.text
        and "5 frågor ska lottas per försök, men quizet har bara 1" in response.text
    )
    assert course("testkurs").version == 1 and course("testkurs").draw == 0


def test_the_last_lesson_cannot_be_retired(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/")
    editor.post("/authoring/testkurs/lessons/andra/retire", data={"revision": revision()})
    response = editor.post(
        "/authoring/testkurs/lessons/forsta/retire",
        data={"revision": revision()},
        follow_redirects=True,
    )
    assert "minst en lektion" in response.text
    draft = db.session.get(CourseDraft, synced.id)
    db.session.refresh(draft)
    assert "01-forsta.md" in draft.files


def test_a_completion_after_publishing_records_the_new_version(
    editor: Any, synced: Any, org: Any
) -> None:
    from learnapp.quizzes.services import record_completion

    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Ny version.")
    assert publish(editor).status_code == 302
    completion = record_completion(org.staff, course("testkurs"), now=utcnow(), score=1.0)
    assert completion.course_version == 2


def test_the_list_pages_read_a_fixed_number_of_statements(
    client: Any, login: Any, org: Any, synced: Any
) -> None:
    from learnapp.authoring.models import CourseEditor
    from learnapp.org.services import create_person
    from tests.querycount import count_statements

    def counts() -> tuple[int, int]:
        login.logout()
        login(org.admin)
        with count_statements() as index:
            assert client.get("/authoring/").status_code == 200
        with count_statements() as editors:
            assert client.get("/authoring/editors").status_code == 200
        return len(index), len(editors)

    db.session.add(CourseEditor(person_id=org.staff.id))
    db.session.commit()
    few = counts()
    for i in range(5):
        db.session.add(Course(slug=f"extra-{i}", title=f"Extra {i}", version=0, published=False))
        person = create_person(f"Redaktör {i}", f"redaktor{i}@example.org")
        db.session.flush()
        db.session.add(CourseEditor(person_id=person.id))
    db.session.commit()
    assert counts() == few


def test_a_draft_older_than_the_published_course_says_so(
    editor: Any, synced: Any, root: Any
) -> None:
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "Webbens text.")
    assert publish(editor).status_code == 302
    save_lesson(editor, "Första lektionen", "Ett utkast till.")
    db.session.expire_all()
    assert sync_courses(root, force=True).ok
    db.session.commit()
    page = editor.get("/authoring/testkurs/")
    assert "från version 2 till 3" in page.text
