"""Exports, one at a time: time to the last byte, size, the workers' peak memory, and a check."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass

from bench.client import Client
from bench.server import MemorySampler, Server

ANSWERS_SHEET = "Svar"  # the needs workbook's answers; other workbooks have one sheet


@dataclass
class Export:
    name: str
    path: str


@dataclass
class ExportResult:
    name: str
    path: str
    status: int = 0
    seconds: float = 0.0
    bytes: int = 0
    rows: int | None = None  # data rows, the header not counted
    rss_before_mb: float = 0.0
    peak_mb: float = 0.0
    growth_mb: float = 0.0  # the most one worker grew during the export
    error: str | None = None

    @property
    def mb(self) -> float:
        return self.bytes / 1_000_000


def exports_for(targets: dict[str, int | str]) -> list[Export]:
    inventory, unit = targets["inventory_id"], targets["export_unit_id"]
    return [
        Export("needs_xlsx", f"/needs/{inventory}/export.xlsx"),
        Export("needs_csv", f"/needs/{inventory}/export.csv"),
        Export("completion_export_csv", f"/training/team/units/{unit}/export.csv"),
        Export("completion_export_xlsx", f"/training/team/units/{unit}/export.xlsx"),
        Export("overview_xlsx", "/training/overview.xlsx"),
        Export("report_pdf", "/reports/report.pdf"),
        Export("report_docx", "/reports/report.docx"),
        Export("report_xlsx", "/reports/report.xlsx"),
    ]


def run_export(server: Server, client: Client, export: Export) -> ExportResult:
    result = ExportResult(export.name, export.path)
    sampler = MemorySampler(server)
    response = None
    with sampler:
        started = time.perf_counter()
        try:
            response = client.get(export.path)
        except OSError as error:
            result.error = f"{type(error).__name__}: {error}"
        result.seconds = time.perf_counter() - started
    result.rss_before_mb = max(sampler.before.values(), default=0.0)
    result.peak_mb = sampler.peak
    result.growth_mb = sampler.growth
    if response is None:
        return result
    result.status = response.status
    result.bytes = len(response.body)
    if response.status != 200:
        result.error = f"HTTP {response.status}"
        return result
    try:
        result.rows = count_rows(export.path, response.body)
    except Exception as error:
        result.error = f"not a valid file: {type(error).__name__}: {error}"
    return result


def count_rows(path: str, body: bytes) -> int:
    """Data rows of a CSV (Swedish Excel: `;`, BOM) or of an XLSX's answers or only sheet; the
    pages of a PDF; the table rows of a Word document."""
    if path.endswith(".pdf"):
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(body)).pages)
    if path.endswith(".docx"):
        from docx import Document

        return sum(len(t.rows) for t in Document(io.BytesIO(body)).tables)
    if path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        return len(rows) - 1
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    try:
        sheet = book[ANSWERS_SHEET] if ANSWERS_SHEET in book.sheetnames else book.worksheets[0]
        return sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
    finally:
        book.close()


SAME_ROWS = [("needs_csv", "needs_xlsx"), ("completion_export_csv", "completion_export_xlsx")]


def cross_check(results: list[ExportResult]) -> None:
    """The CSV and the XLSX of the same export must hold the same rows; a difference is an error."""
    by_name = {r.name: r for r in results}
    for csv_name, xlsx_name in SAME_ROWS:
        a, b = by_name.get(csv_name), by_name.get(xlsx_name)
        if a and b and a.rows is not None and b.rows is not None and a.rows != b.rows:
            a.error = f"{a.rows} rows, but {xlsx_name} has {b.rows}"
