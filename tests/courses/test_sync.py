"""Sync: all or nothing, lessons and quiz upserted, history kept across versions and removals."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from learnapp import signals
from learnapp.areas.models import CompetenceArea
from learnapp.courses.models import Course, Lesson, LessonProgress
from learnapp.courses.services import sync_courses
from learnapp.extensions import db
from learnapp.gift.parse import load_gift
from learnapp.quizzes.bank import active_questions, store_questions
from learnapp.quizzes.models import Completion
from tests.courses.conftest import COURSE_MD, LESSON_1, QUIZ

REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"


def course(slug: str = "testkurs") -> Course:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == slug))


def lesson_rows(slug: str = "testkurs") -> list[tuple[str, int, bool]]:
    return [
        (lesson.slug, lesson.position, lesson.active)
        for lesson in db.session.scalars(
            select(Lesson).join(Course).where(Course.slug == slug).order_by(Lesson.slug)
        )
    ]


def test_sync_loads_course_lessons_areas_and_quiz_on_a_fresh_database(make_course, sync):
    assert db.session.scalar(select(func.count()).select_from(CompetenceArea)) == 0
    make_course()
    report = sync()
    loaded = course()
    assert report.created == ["testkurs"]
    assert [a.code for a in loaded.areas] == ["grunder", "rutin"]
    assert [lesson.title for lesson in loaded.lessons] == ["Första lektionen", "Andra lektionen"]
    assert 'href="/courses/testkurs/andra"' in loaded.lessons[0].body_html
    assert [q.title for q in active_questions(loaded)] == ["Fråga"]


def test_nothing_is_loaded_when_one_folder_is_broken(app, root, make_course):
    make_course("bra-kurs")
    make_course(
        "trasig-kurs", {"course.md": COURSE_MD.replace("areas: [grunder, rutin]", "areas: [x]")}
    )
    report = sync_courses(root)
    assert [e.file for e in report.errors] == ["trasig-kurs/course.md"]
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_a_second_sync_of_unchanged_folders_changes_nothing(make_course, sync):
    make_course()
    sync()
    sent = []
    signals.course_synced.connect(receiver := lambda sender, **kw: sent.append(kw))
    try:
        report = sync()
    finally:
        signals.course_synced.disconnect(receiver)
    assert report.unchanged == ["testkurs"]
    assert sent == []


def test_course_synced_is_sent_with_the_previous_version(make_course, sync):
    make_course()
    sync()
    sent = []

    def receiver(sender, **kw):
        sent.append((kw["course"].slug, kw["previous_version"], kw["course"].version))

    signals.course_synced.connect(receiver)
    try:
        make_course(changes={"course.md": COURSE_MD.replace("version: 1", "version: 2")})
        sync()
    finally:
        signals.course_synced.disconnect(receiver)
    assert sent == [("testkurs", 1, 2)]


def test_a_new_version_keeps_progress_and_completions(make_course, sync, org):
    make_course()
    sync()
    first = course().lessons[0]
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=first.id))
    db.session.add(
        Completion(person_id=org.staff.id, course_id=course().id, course_version=1, code="ABC123")
    )
    db.session.commit()
    make_course(
        changes={
            "course.md": COURSE_MD.replace("version: 1", "version: 2"),
            "01-forsta.md": LESSON_1.replace("## Rubrik", "## Ny rubrik"),
        }
    )
    sync()
    assert course().version == 2
    assert course().lessons[0].id == first.id
    assert "Ny rubrik" in course().lessons[0].body_html
    assert db.session.scalar(select(LessonProgress.lesson_id)) == first.id
    assert db.session.scalar(select(Completion.course_version)) == 1


def test_a_version_that_goes_down_is_an_error(root, make_course, sync):
    make_course(changes={"course.md": COURSE_MD.replace("version: 1", "version: 3")})
    sync()
    make_course(changes={"course.md": COURSE_MD.replace("version: 1", "version: 2")})
    report = sync_courses(root)
    assert [str(e) for e in report.errors] == [
        "testkurs/course.md:3: The version went down from 3 to 2; a version only goes up."
    ]


def test_a_removed_lesson_is_kept_inactive_with_its_progress(make_course, sync, org):
    make_course()
    sync()
    second = course().lessons[1]
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=second.id))
    db.session.commit()
    make_course(
        changes={
            "02-andra.md": None,
            "01-forsta.md": LESSON_1.replace("02-andra.md", "01-forsta.md"),
        }
    )
    sync()
    assert lesson_rows() == [("andra", 2, False), ("forsta", 1, True)]
    assert [lesson.slug for lesson in course().lessons] == ["forsta"]
    assert db.session.scalar(select(LessonProgress.lesson_id)) == second.id


def test_a_lesson_that_comes_back_is_active_again_at_its_new_place(make_course, sync):
    make_course()
    sync()
    make_course(
        changes={
            "02-andra.md": None,
            "01-forsta.md": LESSON_1.replace("02-andra.md", "01-forsta.md"),
        }
    )
    sync()
    make_course(
        changes={
            "02-andra.md": None,
            "01-forsta.md": LESSON_1.replace("02-andra.md", "03-andra.md"),
            "03-andra.md": "---\ntitle: Andra igen\n---\nText.\n",
        }
    )
    sync()
    assert lesson_rows() == [("andra", 3, True), ("forsta", 1, True)]


def test_the_quiz_is_not_replaced_when_quiz_gift_is_unchanged(make_course, sync):
    make_course()
    sync()
    imported = load_gift("::Importerad::Fungerar importen? {T}\n")
    store_questions(course(), imported, source="import", replace=True)
    db.session.commit()
    make_course(changes={"course.md": COURSE_MD.replace("version: 1", "version: 2")})
    report = sync()
    assert report.changed == ["testkurs"] and report.quizzes == []
    assert [q.title for q in active_questions(course())] == ["Importerad"]


def test_the_quiz_is_replaced_when_quiz_gift_changes(make_course, sync):
    make_course()
    sync()
    make_course(changes={"quiz.gift": QUIZ + "\n::Ny fråga::Två plus två? {#4}\n"})
    report = sync()
    assert report.quizzes == ["testkurs"]
    assert [q.title for q in active_questions(course())] == ["Fråga", "Ny fråga"]


def test_a_course_whose_folder_is_gone_is_unpublished_and_keeps_its_history(
    root, make_course, sync, org
):
    make_course()
    make_course("annan-kurs")
    sync()
    lesson = course("annan-kurs").lessons[0]
    db.session.add(LessonProgress(person_id=org.staff.id, lesson_id=lesson.id))
    db.session.commit()
    for path in (root / "annan-kurs").iterdir():
        path.unlink()
    (root / "annan-kurs").rmdir()
    report = sync()
    assert report.unpublished == ["annan-kurs"]
    assert course("annan-kurs").published is False
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    make_course("annan-kurs")
    assert sync().changed == ["annan-kurs"]
    assert course("annan-kurs").published is True


def test_sync_check_passes_on_the_real_courses_with_no_lint_warnings(runner):
    result = runner.invoke(args=["courses", "sync", "--check", "--path", str(REAL_COURSES)])
    assert result.exit_code == 0, result.output
    assert "no errors, no warnings" in result.output


def test_sync_check_writes_nothing(runner, root, make_course):
    make_course()
    result = runner.invoke(args=["courses", "sync", "--check", "--path", str(root)])
    assert "no errors" in result.output, result.output  # the bare test course has lint warnings
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_sync_command_prints_file_line_errors_and_exits_1(runner, root, make_course):
    make_course(changes={"01-forsta.md": LESSON_1.replace("bild.png", "saknas.png")})
    result = runner.invoke(args=["courses", "sync", "--path", str(root)])
    assert result.exit_code == 1
    assert "testkurs/01-forsta.md:8: Image not found: 'saknas.png'" in result.output
    assert "nothing was loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_sync_command_loads_the_real_courses(runner):
    result = runner.invoke(args=["courses", "sync", "--path", str(REAL_COURSES)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    folders = [p for p in REAL_COURSES.iterdir() if (p / "course.md").is_file()]
    assert db.session.scalar(select(func.count()).select_from(Course)) == len(folders)
    assert db.session.scalar(select(func.count()).select_from(Lesson)) >= 18


def test_sync_command_reads_the_courses_dir_setting(courses_app, make_course, runner):
    make_course()
    result = runner.invoke(args=["courses", "sync"])
    assert result.exit_code == 0, result.output
    assert course().title == "Testkurs"
