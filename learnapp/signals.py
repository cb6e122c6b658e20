"""Domain events between features (blinker signals, sent inside the transaction that made them).

Receivers run synchronously and flush; they must not commit. The assignments feature listens to
keep each person's stored course status up to date; other features only send.

    from learnapp import signals
    signals.lesson_viewed.send(person=person, lesson=lesson, first_time=True)

    @signals.lesson_viewed.connect
    def _on_lesson_viewed(sender, person, lesson, first_time): ...
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: person, lesson, first_time: bool — a lesson page was shown to the person.
lesson_viewed = _events.signal("lesson-viewed")
#: person, course, attempt — a quiz attempt was submitted and scored (attempt.passed tells).
quiz_submitted = _events.signal("quiz-submitted")
#: person, course, completion — all lessons read and the quiz passed: a Completion row exists.
course_completed = _events.signal("course-completed")
#: course, previous_version: int | None — a course was loaded or changed by `flask courses sync`.
course_synced = _events.signal("course-synced")
#: course, questions: list of learnapp.gift Question — a synced course's quiz file changed: the
#: quizzes feature stores these questions as the course's quiz (retiring the old ones).
course_quiz_loaded = _events.signal("course-quiz-loaded")
#: person, created: bool, moved: bool, deactivated: bool — a person was added or changed
#: (admin screens, HR import); assignment rules use it to reach people who join or move.
person_changed = _events.signal("person-changed")
#: routine, version — a routine version was published (version.major: everyone asked again).
routine_published = _events.signal("routine-published")
#: created, changed, deactivated: lists of person ids — many people at once (HR import, a unit
#: moved or merged). Receivers handle the whole batch set-based, never person by person.
people_changed = _events.signal("people-changed")
#: course_id, at: datetime — assignments of a course were added (any source: rule, needs, import);
#: the notifications feature mails each person once about everything added in the transaction.
assignments_added = _events.signal("assignments-added")
#: inventory, actor — a needs inventory was opened: everyone in its scope is invited.
inventory_opened = _events.signal("inventory-opened")
#: inventory, actor, count — people who came into an open inventory's scope after it opened were
#: added to it: those not yet invited are invited.
inventory_latecomers_added = _events.signal("inventory-latecomers-added")
