"""Drafts and published versions of a course edited in the browser."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from learnapp.audit.models import AuditEvent
from learnapp.authoring.models import CourseDraft
from learnapp.courses.models import Course, CourseVersion, Lesson, LessonProgress
from learnapp.extensions import db


def revision(slug: str = "testkurs") -> int:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    db.session.expire_all()
    draft = db.session.get(CourseDraft, course.id)
    return draft.revision


def save_lesson(client: Any, title: str, body: str, slug: str = "forsta", **extra: Any) -> Any:
    data = {"title": title, "body": body, "revision": revision(), "action": "save", **extra}
    return client.post(f"/authoring/testkurs/lessons/{slug}", data=data)


def publish(client: Any, kind: str = "minor", note: str = "Rättade ett ord.", **extra: Any) -> Any:
    data = {"kind": kind, "change_note": note, "revision": revision(), **extra}
    return client.post("/authoring/testkurs/publish", data=data)


def test_a_staff_member_may_not_edit_courses(
    client: Any, login: Any, org: Any, synced: Any
) -> None:
    login(org.staff)
    assert client.get("/authoring/").status_code == 403
    assert client.get("/authoring/testkurs/").status_code == 403


def test_an_edit_stays_in_the_draft_until_it_is_published(editor: Any, synced: Any) -> None:
    assert editor.get("/authoring/testkurs/").status_code == 200
    response = save_lesson(editor, "Första lektionen", "## Rubrik\n\nNy text i lektionen.")
    assert response.status_code == 302
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "forsta"))
    assert "Ny text" not in lesson.body_html  # the published course is unchanged

    response = publish(editor)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    course = db.session.get(Course, synced.id)
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "forsta"))
    assert "Ny text i lektionen" in lesson.body_html
    assert course.version == 2
    assert course.edited_since_version == 2
    versions = db.session.scalars(
        select(CourseVersion).where(CourseVersion.course_id == course.id).order_by("number")
    ).all()
    assert [(v.number, v.source, v.major) for v in versions] == [
        (1, "folder", True),
        (2, "browser", False),
    ]
    assert versions[1].change_note == "Rättade ett ord."
    assert "Ny text i lektionen" in versions[1].files["01-forsta.md"]
    assert "Ny text" not in versions[0].files["01-forsta.md"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "course.published"))
    assert event is not None and event.details["version"] == 2


def test_a_second_editor_on_the_same_draft_is_told_and_nothing_is_saved(
    editor: Any, synced: Any
) -> None:
    editor.get("/authoring/testkurs/")
    old = revision()
    save_lesson(editor, "Första lektionen", "Den första redaktörens text.")
    response = editor.post(
        "/authoring/testkurs/lessons/forsta",
        data={"title": "Första", "body": "Den andra redaktörens text.", "revision": old},
        follow_redirects=True,
    )
    assert "Someone else saved this draft" in response.text or "Någon annan" in response.text
    draft = db.session.get(CourseDraft, synced.id)
    db.session.refresh(draft)
    assert "Den första redaktörens text." in draft.files["01-forsta.md"]
    assert "andra redaktörens" not in str(draft.files)


def test_lesson_progress_is_kept_across_a_minor_version(editor: Any, synced: Any, org: Any) -> None:
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "forsta"))
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=lesson.id))
    db.session.commit()
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen, nytt namn", "## Rubrik\n\nOmskriven.")
    assert publish(editor).status_code == 302
    db.session.expire_all()
    renamed = db.session.scalar(select(Lesson).where(Lesson.slug == "forsta"))
    assert renamed.id == lesson.id and renamed.title == "Första lektionen, nytt namn"
    assert db.session.get(LessonProgress, (org.staff.id, lesson.id)) is not None


def test_publishing_a_draft_with_errors_writes_nothing(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/")
    save_lesson(editor, "Första lektionen", "# En rubrik på nivå 1\n\n[Trasig](09-finns-inte.md)")
    response = publish(editor)
    assert response.status_code == 400
    assert "01-forsta.md:5" in response.text  # the loader's file:line
    assert "rad 1 i texten: Rubriker börjar på nivå 2" in response.text  # as the editor sees it
    assert "rad 3 i texten: Trasig länk: kursen har ingen lektionsfil" in response.text
    db.session.expire_all()
    assert db.session.get(Course, synced.id).version == 1
    assert db.session.scalar(select(func.count(CourseVersion.id))) == 1


def test_hostile_html_in_a_lesson_is_made_harmless(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/")
    body = 'Text <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:x()">l</a>'
    save_lesson(editor, "Första <b>lektionen</b>", body)
    preview = editor.post(
        "/authoring/testkurs/lessons/forsta",
        data={"title": "T", "body": body, "revision": revision(), "action": "preview"},
    )
    shown = preview.text.split('id="preview-heading"')[1]
    assert "Text" in shown
    assert "<script" not in shown and "onerror" not in shown and "javascript:" not in shown
    # what the loader refuses (a javascript: link) stops publishing; the rest is cleaned
    body = 'Text <script>alert(1)</script> <img src="bild.png" alt="a" onerror="alert(2)">'
    save_lesson(editor, "Första <b>lektionen</b>", body)
    assert publish(editor).status_code == 302
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "forsta"))
    db.session.refresh(lesson)
    assert "/courses/testkurs/files/bild.png" in lesson.body_html
    assert "<script" not in lesson.body_html and "onerror" not in lesson.body_html
    assert "javascript:" not in lesson.body_html


def test_a_lesson_body_over_the_limit_is_refused(editor: Any, synced: Any) -> None:
    editor.get("/authoring/testkurs/")
    response = save_lesson(editor, "Första lektionen", "a" * 100_001)
    assert response.status_code == 400
    assert "100000" in response.text
    draft = db.session.get(CourseDraft, synced.id)
    assert "aaaa" not in draft.files["01-forsta.md"]


def test_lessons_are_added_moved_and_retired_with_history_kept(
    editor: Any, synced: Any, org: Any
) -> None:
    editor.get("/authoring/testkurs/")
    response = editor.post(
        "/authoring/testkurs/lessons/new",
        data={"title": "Tredje lektionen", "body": "Mer text.", "revision": revision()},
    )
    assert response.status_code == 302
    editor.post(
        "/authoring/testkurs/lessons/tredje-lektionen/move",
        data={"direction": "up", "revision": revision()},
    )
    draft = db.session.get(CourseDraft, synced.id)
    db.session.refresh(draft)
    assert "02-tredje-lektionen.md" in draft.files and "03-andra.md" in draft.files
    andra = db.session.scalar(select(Lesson).where(Lesson.slug == "andra"))
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=andra.id))
    db.session.commit()
    editor.post("/authoring/testkurs/lessons/andra/retire", data={"revision": revision()})
    # the first lesson links to the retired one: publishing says so, with file and line
    response = publish(editor, kind="major", note="Ny lektion, en borttagen.")
    assert "01-forsta.md" in response.text and response.status_code == 400
    save_lesson(editor, "Första lektionen", "Utan länk.")
    values = {"revision": revision()}
    editor.post("/authoring/testkurs/settings", data={**settings_form(), **values})
    assert publish(editor, kind="major", note="Ny lektion, en borttagen.").status_code == 302
    db.session.expire_all()
    lessons = db.session.scalars(
        select(Lesson).where(Lesson.course_id == synced.id).order_by(Lesson.position)
    ).all()
    assert [(x.slug, x.active) for x in lessons if x.active] == [
        ("forsta", True),
        ("tredje-lektionen", True),
    ]
    assert db.session.get(Lesson, andra.id).active is False
    assert db.session.get(LessonProgress, (org.staff.id, andra.id)) is not None


def settings_form(**changes: Any) -> dict[str, Any]:
    values = {
        "title": "Testkurs",
        "summary": "En kurs för tester.",
        "areas": ["grunder"],
        "language": "sv",
        "audience": "Alla medarbetare",
        "minutes": "10",
        "pass_mark": "80",
        "validity_months": "12",
        "max_attempts": "0",
        "attempt_wait_minutes": "0",
        "published": "y",
        "intro": "Introduktion.",
    }
    values.update(changes)
    return values


def test_the_draft_is_read_once_until_its_files_or_images_change(
    editor: Any, synced: Any, monkeypatch: Any, root: Any
) -> None:
    from learnapp.authoring import services

    reads: list[str] = []
    check_files = services.check_files

    def counted(course: Any, files: Any, *args: Any) -> Any:
        reads.append(course.slug)
        return check_files(course, files, *args)

    monkeypatch.setattr(services, "check_files", counted)
    assert editor.get("/authoring/testkurs/").status_code == 200
    assert editor.get("/authoring/testkurs/preview/").status_code == 200
    assert editor.get("/authoring/testkurs/").status_code == 200
    assert len(reads) == 1
    save_lesson(editor, "Första lektionen", "Ny text.\n\n![En bild](borta.png)")
    page = editor.get("/authoring/testkurs/").text
    assert len(reads) == 2 and "borta.png" in page
    (root / "testkurs" / "borta.png").write_bytes((root / "testkurs" / "bild.png").read_bytes())
    page = editor.get("/authoring/testkurs/").text
    assert len(reads) == 3 and "borta.png" not in page
