"""The coordinator's workbook (XLSX) and the answers as CSV, written row by row.

XLSX: `learnapp.xlsx_stream` writes each sheet's rows into the file as they come, and the queries
are read with `yield_per`, so a 100,000-row export keeps only a batch of rows in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from learnapp.areas.models import CompetenceArea
from learnapp.areas.services import all_areas
from learnapp.extensions import db
from learnapp.needs.models import (
    InventoryScope,
    Need,
    NeedsInventory,
    NeedsResponse,
    NeedsSubmission,
)
from learnapp.needs.reports import departments_in, heat_map, response_rates
from learnapp.org.models import Department, Person, Unit
from learnapp.spreadsheets import local, local_converter, slug
from learnapp.swedish import in_swedish_order
from learnapp.xlsx_stream import SheetData, write_sheets

BATCH = 1000
# The rows of the lists of people: department, unit and name in Swedish order (Å, Ä, Ö after Z),
# as every list people read (learnapp/swedish.py); the id keeps namesakes apart.
SWEDISH_ORDER = (
    in_swedish_order(Department.name),
    in_swedish_order(Unit.name),
    in_swedish_order(Person.name),
    Person.id,
)


def file_name(inventory: NeedsInventory, today: date, extension: str) -> str:
    return (
        f"behovsinventering-{slug(inventory.title, 'inventering')}-{today.isoformat()}.{extension}"
    )


def scope_label(inventory: NeedsInventory) -> str:
    if inventory.scope == InventoryScope.KEY_PERSONS:
        return _("Key persons")
    if inventory.scope == InventoryScope.DEPARTMENTS:
        names = ", ".join(d.name for d in inventory.departments)
        if inventory.key_persons_only:
            return _("Key persons in the chosen departments: %(names)s", names=names)
        return _("Chosen departments: %(names)s", names=names)
    return _("Everyone")


def need_labels() -> dict[str, str]:
    return {
        Need.NONE.value: _("No need"),
        Need.SOME.value: _("Some need"),
        Need.GREAT.value: _("Great need"),
    }


def need_label(need: str | None) -> str:
    return need_labels().get(need or "", "")


def entered_by_label(by_manager: bool, name: str | None) -> str:
    if by_manager:
        return _("Manager: %(name)s", name=name or "")
    return _("The person")


# --- the Svar rows, shared by XLSX and CSV -----------------------------------------------


def answer_headers(other_needs: bool = False) -> list[str]:
    """The Svar columns; the CSV adds the person's "Andra utbildningsbehov" (`other_needs`)."""
    return [
        _("Department"),
        _("Unit"),
        _("Name"),
        _("E-mail"),
        _("Key person"),
        _("Function"),
        _("Competence area"),
        _("Knowledge (1–4)"),
        _("Training need"),
        _("Comment"),
        _("Entered by"),
        _("Date"),
    ] + ([_("Other training needs")] if other_needs else [])


def _answer_statement(inventory: NeedsInventory, language: str) -> Select[*tuple[Any, ...]]:
    entered_by = aliased(Person)
    area_name = CompetenceArea.name_en if language == "en" else CompetenceArea.name_sv
    return (
        select(
            Department.name,
            Unit.name,
            Person.name,
            Person.email,
            Person.is_key_person,
            Person.key_function,
            area_name,
            NeedsResponse.knowledge,
            NeedsResponse.need,
            NeedsResponse.comment,
            NeedsResponse.entered_by_manager,
            entered_by.name,
            NeedsResponse.submitted_at,
            NeedsSubmission.other_needs,
        )
        .select_from(NeedsResponse)
        .join(Person, Person.id == NeedsResponse.person_id)
        .join(Unit, Person.unit_id == Unit.id)
        .join(Department, Unit.department_id == Department.id)
        .join(CompetenceArea, CompetenceArea.id == NeedsResponse.area_id)
        .outerjoin(entered_by, entered_by.id == NeedsResponse.entered_by_id)
        .outerjoin(
            NeedsSubmission,
            and_(
                NeedsSubmission.inventory_id == NeedsResponse.inventory_id,
                NeedsSubmission.person_id == NeedsResponse.person_id,
            ),
        )
        .where(NeedsResponse.inventory_id == inventory.id, NeedsResponse.submitted_at.is_not(None))
        .order_by(*SWEDISH_ORDER, CompetenceArea.position)
    )


def answer_rows(
    inventory: NeedsInventory, language: str, other_needs: bool = False
) -> Iterator[list[Any]]:
    """One row per person × area, typed: numbers as int, the date as a naive local datetime;
    with `other_needs`, the person's free text last (the CSV)."""
    result = db.session.execute(
        _answer_statement(inventory, language).execution_options(yield_per=BATCH)
    )
    # Labels translated once, not once per row: 100,000 rows would spend seconds in gettext.
    yes_no = {True: _("Yes"), False: _("No")}
    needs = need_labels()
    by_person = entered_by_label(False, None)
    to_local = local_converter()
    for row in result:
        (dept, unit, name, email, key, function, area, knowledge, need, comment, by_mgr, by_name,
         submitted, other) = row  # fmt: skip
        values = [
            dept,
            unit,
            name,
            email,
            yes_no[bool(key)],
            function or "",
            area,
            knowledge,
            needs.get(need or "", ""),
            comment or "",
            entered_by_label(True, by_name) if by_mgr else by_person,
            to_local(submitted),
        ]
        if other_needs:
            values.append(other or "")
        yield values


def other_needs_rows(inventory: NeedsInventory) -> Iterator[list[Any]]:
    """The submitted "Andra utbildningsbehov" answers that say something, one row a person."""
    stmt = (
        select(
            Department.name,
            Unit.name,
            Person.name,
            Person.email,
            Person.is_key_person,
            NeedsSubmission.other_needs,
        )
        .select_from(NeedsSubmission)
        .join(Person, Person.id == NeedsSubmission.person_id)
        .join(Unit, Person.unit_id == Unit.id)
        .join(Department, Unit.department_id == Department.id)
        .where(
            NeedsSubmission.inventory_id == inventory.id,
            NeedsSubmission.submitted_at.is_not(None),
            NeedsSubmission.other_needs != "",
        )
        .order_by(*SWEDISH_ORDER)
    )
    yes_no = {True: _("Yes"), False: _("No")}
    for dept, unit, name, email, key, text in db.session.execute(
        stmt.execution_options(yield_per=BATCH)
    ):
        yield [dept, unit, name, email, yes_no[bool(key)], text]


def not_answered_rows(inventory: NeedsInventory) -> Iterator[list[Any]]:
    from learnapp.needs.reports import not_answered

    stmt = (
        not_answered(inventory)
        .join(Department, Unit.department_id == Department.id)
        .with_only_columns(
            Department.name,
            Unit.name,
            Person.name,
            Person.email,
            Person.is_key_person,
            Person.key_function,
        )
        .order_by(None)
        .order_by(*SWEDISH_ORDER)
    )
    yes_no = {True: _("Yes"), False: _("No")}
    for dept, unit, name, email, key, function in db.session.execute(
        stmt.execution_options(yield_per=BATCH)
    ):
        yield [dept, unit, name, email, yes_no[bool(key)], function or ""]


def write_workbook(
    inventory: NeedsInventory, *, generated_by: Person, generated_at: datetime, language: str
) -> IO[bytes]:
    """Write the workbook to a temporary file and return it, positioned at the start. Streamed
    (`learnapp.xlsx_stream`): each sheet's rows are read from the database in batches and written
    as they come, so memory does not grow with the number of answers."""
    areas = all_areas()
    cells = heat_map(inventory)
    rates = {r.id: r for r in response_rates(inventory)}

    def summary_rows() -> Iterator[list[Any]]:  # one row per department × area
        for dept in departments_in(list(cells) + [(i, 0) for i in rates]):
            rate = rates.get(dept.id)
            for area in areas:
                cell = cells.get((dept.id, area.id))
                yield [
                    dept.name,
                    area.name(language),
                    rate.in_scope if rate else 0,
                    rate.answered if rate else 0,
                    cell.answers if cell else 0,
                    cell.great if cell else 0,
                    cell.share_great if cell else None,
                    cell.avg_knowledge if cell else None,
                ]

    about = [
        [_("Inventory"), inventory.title],
        [_("Description"), inventory.description],
        [_("Scope"), scope_label(inventory)],
        [_("Opens"), inventory.opens_on],
        [_("Closes"), inventory.closes_on],
        [_("Opened"), local(inventory.opened_at)],
        [_("Closed"), local(inventory.closed_at)],
        [_("Generated"), local(generated_at)],
        [_("Generated by"), f"{generated_by.name} <{generated_by.email}>"],
        [_("Note"), _("Only submitted answers are included. Drafts count as not answered.")],
    ]
    people = [_("Department"), _("Unit"), _("Name"), _("E-mail"), _("Key person")]
    # Sheet names in the reader's language, as the rest of the workbook (at most 31 characters).
    sheets = [
        SheetData(
            _("Summary"),
            [
                _("Department"),
                _("Competence area"),
                _("Asked"),
                _("Answered"),
                _("Answers in the area"),
                _("Great need"),
                _("Share with great need"),
                _("Average knowledge (1–4)"),
            ],
            summary_rows(),
            [34, 44, 10, 10, 12, 10, 14, 14],
            percent_cols={6},
            decimal_cols={7},
        ),
        SheetData(
            _("Answers"),
            answer_headers(),
            answer_rows(inventory, language),
            [28, 28, 26, 30, 10, 20, 40, 10, 14, 50, 26, 17],
        ),
        SheetData(
            _("Other training needs"),
            [*people, _("Other training needs")],
            other_needs_rows(inventory),
            [28, 28, 26, 30, 10, 80],
        ),
        SheetData(
            _("Not answered"),
            [*people, _("Function")],
            not_answered_rows(inventory),
            [28, 28, 26, 30, 10, 20],
        ),
        SheetData(_("About the export"), [], about, [26, 70]),
    ]
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, which closes it
    try:
        write_sheets(out, sheets)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def submitted_count(inventory: NeedsInventory) -> int:
    from sqlalchemy import func

    return int(
        db.session.scalar(
            select(func.count(NeedsSubmission.id)).where(
                NeedsSubmission.inventory_id == inventory.id,
                NeedsSubmission.submitted_at.is_not(None),
            )
        )
        or 0
    )
