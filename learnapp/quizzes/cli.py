"""`flask gift check FILE [--json]`: read a GIFT file the way the app does and report on it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from learnapp.formats import counted
from learnapp.gift.model import Question, question_to_json
from learnapp.gift.parse import parse_gift
from learnapp.quizzes.blueprint import bp

bp.cli.help = "GIFT quiz files: check one the way the app reads it."


def describe(question: Question) -> str:
    """One line for a question: its line, type, title and number of answers."""
    count = len(question_to_json(question)["answers"])
    title = f'"{question.title}"' if question.title is not None else "(no title)"
    line = f"line {question.line}: {question.type}, {title}, {counted(count, 'answer')}"
    if not question.gradable:
        line += " (not gradable)"
    return line


@bp.cli.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the questions as a JSON list.")
def check(file: Path, as_json: bool) -> None:
    """Check a GIFT file: one line per question, or errors by line number (exit status 1)."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        click.echo(f"{file}: the file is not UTF-8 (byte {error.start + 1}).", err=True)
        raise SystemExit(1) from None
    result = parse_gift(text)
    if as_json:
        payload = [question_to_json(question) for question in result.questions]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for question in result.questions:
            click.echo(describe(question))
    for issue in result.errors:
        click.echo(f"{file}:{issue.line}: {issue.message}", err=True)
    if result.errors:
        click.echo(
            f"{counted(len(result.errors), 'error')}; correct the file and check again.", err=True
        )
        raise SystemExit(1)
    if not as_json:
        click.echo(f"{counted(len(result.questions), 'question')}, no errors.")
