"""The starter templates: loaded once as drafts, safe when rendered, sourced, and exported back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from learnapp.extensions import db
from learnapp.routines import templates
from learnapp.routines.models import Routine
from learnapp.routines.render import render_markdown
from tests import factories

FOLDER = Path(__file__).resolve().parents[2] / "routines"
FILES = sorted(p for p in FOLDER.glob("*.md") if p.name != "README.md")
# A telephone number: six or more digits, perhaps split by spaces or hyphens, not part of a
# reference like "2024/25:65" or "KS/2016:168".
PHONE = re.compile(r"(?<![\d:/])\d[\d \-]{4,}\d(?![\d:/])")


def test_there_are_five_templates_one_per_kind_of_workplace() -> None:
    assert [p.stem for p in FILES] == [
        "kontaktcenter-och-reception",
        "kultur-och-fritid",
        "miljo-bygg-och-tillsyn",
        "skola-och-forskola",
        "socialtjansten",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_template_is_marked_sourced_and_in_the_right_order(path: Path) -> None:
    template = templates.read(path)
    assert "Mall att anpassa" in template.body
    assert "## Källor" in template.body
    assert "112" in template.summary
    assert "genast" in template.summary
    # The report of concern comes before telling the manager (review M3).
    assert template.summary.index("genast") < template.summary.lower().index("berätta för")
    assert "Det här är inte en signal" in template.body
    assert "Gör inte så här" in template.body


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_template_renders_without_script_or_level_one_headings(path: Path) -> None:
    html = render_markdown(templates.read(path).body)
    assert "<script" not in html and "<h1" not in html
    assert "<table>" in html or "<ul>" in html


def test_no_template_names_a_telephone_number_other_than_112() -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        numbers = [n for n in PHONE.findall(text) if sum(c.isdigit() for c in n) >= 6]
        assert numbers == [], path.name


def test_loading_makes_drafts_once_in_the_named_departments(app: Any, runner: Any) -> None:
    school = factories.department("Utbildningsförvaltningen", "UTB")
    ksf = factories.department("Kommunstyrelsens förvaltning", "KSF")
    contact = factories.unit(ksf, "Kontaktcenter")
    factories.unit(ksf, "HR-enheten")
    db.session.commit()
    result = runner.invoke(args=["routines", "load-templates"])
    assert result.exit_code == 0, result.output
    assert "5 new drafts" in result.output
    again = runner.invoke(args=["routines", "load-templates"])
    assert "0 new drafts" in again.output
    assert db.session.scalar(select(func.count()).select_from(Routine)) == 5
    by_key = {r.template_key: r for r in db.session.scalars(select(Routine))}
    assert by_key["skola-och-forskola"].department_id == school.id
    assert by_key["kontaktcenter-och-reception"].unit_ids == [contact.id]
    assert by_key["socialtjansten"].department_id is None  # no OSF here: the whole organisation
    assert "choose who it applies to" in result.output
    assert not any(r.is_published for r in by_key.values())


def test_a_bad_template_folder_loads_nothing(app: Any, runner: Any, tmp_path: Path) -> None:
    (tmp_path / "bra.md").write_text("---\ntitle: Bra\n---\nText\n", encoding="utf-8")
    (tmp_path / "trasig.md").write_text("---\nsummary: ingen rubrik\n---\nText\n", encoding="utf-8")
    result = runner.invoke(args=["routines", "load-templates", "--dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "trasig.md" in result.output and "no title" in result.output
    assert db.session.scalar(select(func.count()).select_from(Routine)) == 0


def test_export_writes_the_current_versions_back_in_the_template_format(
    org: Any, make_routine: Any, runner: Any, tmp_path: Path
) -> None:
    make_routine(org.school_dept, title="Skolans rutin", summary="Kort.", body="## Steg\n\nGör så.")
    make_routine(org.school_dept, title="Utkast", published=False)
    result = runner.invoke(args=["routines", "export", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = list(tmp_path.glob("*.md"))
    assert len(files) == 1
    back = templates.read(files[0])
    assert (back.title, back.department_code, back.body) == (
        "Skolans rutin",
        "UTB",
        "## Steg\n\nGör så.\n",
    )
    assert back.summary.strip() == "Kort."


def test_the_demo_publishes_the_school_routine_for_the_demo_staff(app: Any, runner: Any) -> None:
    assert (
        runner.invoke(args=["demo", "load", "--password", "correct-horse-battery"]).exit_code == 0
    )
    result = runner.invoke(args=["routines", "demo"])
    assert result.exit_code == 0, result.output
    school = db.session.scalar(select(Routine).where(Routine.template_key == "skola-och-forskola"))
    assert school is not None and school.is_published
    assert runner.invoke(args=["routines", "demo"]).exit_code == 0  # idempotent
    assert school.published_version == 1
