"""Reading an HR export: bytes in, typed rows and row-numbered errors out. No database here.

HR systems export CSV as UTF-8 (with or without BOM) or Windows-1252, separated by `;` or `,`.
Columns are found by their header names, in Swedish or English. Row numbers are the file's line
numbers as a spreadsheet shows them: the header is row 1, the first person row 2.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import IO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

MAX_BYTES = 50 * 1024 * 1024  # refused before it is read in full

# Field -> header names (compared lower-cased, with spaces, dots and underscores folded).
HEADERS: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "anställningsnummer",
        "anställningsnr",
        "anstnr",
        "personalnummer",
        "employee number",
        "employee no",
        "employee id",
        "employeenumber",
    ),
    "name": ("namn", "fullständigt namn", "name", "full name"),
    "first_name": ("förnamn", "first name", "given name"),
    "last_name": ("efternamn", "last name", "surname", "family name"),
    "email": ("e-post", "epost", "e-postadress", "email", "e-mail", "e-mail address", "mail"),
    "department": ("förvaltning", "department"),
    "unit": ("enhet", "unit", "arbetsplats"),
    "job_title": ("befattning", "titel", "title", "job title"),
    "key_person": ("nyckelperson", "key person", "key-person"),
    "key_function": ("funktion", "nyckelfunktion", "function", "key function"),
    "work_phone": ("arbetstelefon", "telefon", "telefonnummer", "work phone", "phone"),
    "manager_email": (
        "chefens e-post",
        "chef e-post",
        "chefs e-post",
        "manager's e-mail",
        "manager's email",
        "manager e-mail",
        "manager email",
    ),
}
_LOOKUP = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt", ""}
EMAIL = re.compile(r"^[^@\s;,<>\"]+@[^@\s;,<>\"]+\.[^@\s;,<>\".]{2,}$")
UNIT_PATH_SEPARATOR = ">"
PHONE = re.compile(r"^\+?[0-9 ()\-]{3,40}$")


@dataclass(frozen=True)
class RowError:
    row: int  # 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.column}: {self.message}" if self.column else self.message
        if not self.column:
            return _("row %(row)s: %(message)s", row=self.row, message=self.message)
        return _(
            "row %(row)s: %(column)s: %(message)s",
            row=self.row,
            column=self.column,
            message=self.message,
        )


# A field's name in the reader's language, for errors about a row's cell: the file's own header
# ("E-post") is added when it differs, so an English reader is not told about "E-post" alone.
COLUMN_NAMES = {
    "employee_number": _l("employee number"),
    "name": _l("name"),
    "first_name": _l("first name"),
    "last_name": _l("last name"),
    "email": _l("e-mail"),
    "department": _l("department"),
    "unit": _l("unit"),
    "job_title": _l("job title"),
    "key_person": _l("key person"),
    "key_function": _l("function"),
    "work_phone": _l("work phone"),
    "manager_email": _l("manager's e-mail"),
}


def column_name(field_name: str, header: str | None) -> str:
    """ "e-mail (column E-post)" in English, "E-post" in Swedish: the field, and the file's header."""
    name = str(COLUMN_NAMES.get(field_name, field_name))
    if not header or header.casefold() == name.casefold():
        return header or name
    return _("%(field)s (column %(header)s)", field=name, header=header)


@dataclass
class HrRow:
    """One person as the file gives them. A field is None when the file has no such column."""

    row: int
    name: str
    email: str
    department: str
    unit: str
    employee_number: str | None = None
    job_title: str | None = None
    is_key_person: bool | None = None
    key_function: str | None = None
    manager_email: str | None = None
    work_phone: str | None = None

    @property
    def unit_path(self) -> list[str]:
        """The unit as a path of names from the top of the department ("Skolor > Söderskolan")."""
        return [part.strip() for part in self.unit.split(UNIT_PATH_SEPARATOR) if part.strip()]


@dataclass
class ParsedFile:
    rows: list[HrRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the fields found
    labels: dict[str, str] = field(default_factory=dict)  # field -> the file's header for it
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


class FileTooLarge(Exception):
    pass


def read_limited(stream: IO[bytes], limit: int = MAX_BYTES) -> bytes:
    """Read at most `limit` bytes; raise FileTooLarge as soon as there is more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge
    return data


def decode(data: bytes) -> tuple[str, str] | None:
    """The text and its encoding, or None when this is not a text file."""
    if b"\x00" in data[:65536]:
        return None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text, "Windows-1252"


def _is_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _fold(header: str) -> str:
    text = header.replace("\ufeff", "").strip().lower()
    text = re.sub(r"[_.]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _sniff_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def parse(data: bytes) -> ParsedFile:
    """Parse an HR file; every problem becomes a RowError (row 0 for the file as a whole)."""
    result = ParsedFile()
    decoded = decode(data)
    if decoded is None or _is_binary(decoded[0]):
        result.errors.append(RowError(0, "", _("This is not a text (CSV) file.")))
        return result
    text, result.encoding = decoded
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        result.errors.append(RowError(0, "", _("The file is empty.")))
        return result
    result.delimiter = _sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        records = [(reader.line_num, rec) for rec in reader]
    except csv.Error as exc:
        result.errors.append(RowError(reader.line_num, "", _("Unreadable CSV: %(e)s", e=exc)))
        return result
    records = [(n, rec) for n, rec in records if any(cell.strip() for cell in rec)]
    if not records:  # only separators, quotes or blanks: nothing that could name a column
        result.errors.append(
            RowError(0, "", _("The file has no header row: the first line must name the columns."))
        )
        return result
    _header_line, headers = records[0]
    fields = _map_headers(headers, result)
    if result.errors:
        return result
    if len(records) == 1:
        result.errors.append(RowError(0, "", _("The file has headers but no people.")))
        return result
    for line_no, record in records[1:]:
        if len(record) != len(headers):
            result.errors.append(
                RowError(
                    line_no,
                    "",
                    ngettext(
                        "the row has %(found)s field but the header has %(expected)s",
                        "the row has %(found)s fields but the header has %(expected)s",
                        len(record),
                        found=len(record),
                        expected=len(headers),
                    ),
                )
            )
            continue
        row = _read_row(line_no, dict(zip(fields, record, strict=True)), result)
        if row is not None:
            result.rows.append(row)
    _check_duplicates(result)
    return result


def _map_headers(headers: list[str], result: ParsedFile) -> list[str | None]:
    fields: list[str | None] = []
    for header in headers:
        name = _LOOKUP.get(_fold(header))
        if name is not None and name in fields:
            result.errors.append(RowError(1, header, _("the column appears twice in the header")))
        if name is None and header.strip():
            result.ignored_columns.append(header.strip())
        fields.append(name)
    found = {f for f in fields if f}
    missing = []
    if "email" not in found:
        missing.append(_("e-mail"))
    if "name" not in found and not {"first_name", "last_name"} <= found:
        missing.append(_("name (or first name and last name)"))
    if "department" not in found:
        missing.append(_("department"))
    if "unit" not in found:
        missing.append(_("unit"))
    if missing:
        result.errors.append(
            RowError(
                1,
                "",
                _(
                    "Unknown set of columns: missing %(missing)s. The header has: %(found)s.",
                    missing=", ".join(missing),
                    found=", ".join(h.strip() for h in headers) or "–",
                ),
            )
        )
    result.columns = [f for f in fields if f]
    result.labels = {
        f: column_name(f, h.strip()) for f, h in zip(fields, headers, strict=True) if f
    }
    return fields


def _read_row(line_no: int, values: dict[str | None, str], result: ParsedFile) -> HrRow | None:
    label = result.labels
    get = {k: v.strip() for k, v in values.items() if k}
    errors: list[RowError] = []

    def error(name: str, message: str) -> None:
        errors.append(RowError(line_no, label.get(name) or column_name(name, None), message))

    if "name" in get:
        name = get["name"]
    else:
        name = " ".join(p for p in (get.get("first_name", ""), get.get("last_name", "")) if p)
    name_field = "name" if "name" in get else "first_name"
    if not name:
        error(name_field, _("a name is required"))
    elif len(name) > 200:
        error(name_field, _("at most 200 characters"))
    elif name.startswith(("=", "+", "-", "@")):
        result.warnings.append(
            RowError(
                line_no,
                label.get(name_field, ""),
                _("starts like a spreadsheet formula; stored as text"),
            )
        )
    email = get.get("email", "").lower()
    if not email:
        error("email", _("an e-mail address is required"))
    elif not EMAIL.match(email) or len(email) > 254:
        error("email", _("not a valid e-mail address: %(value)s", value=get["email"]))
    if not get.get("department"):
        error("department", _("a department is required"))
    if not get.get("unit"):
        error("unit", _("a unit is required"))
    key_person: bool | None = None
    if "key_person" in get:
        flag = get["key_person"].lower()
        if flag in YES:
            key_person = True
        elif flag in NO:
            key_person = False
        else:
            error("key_person", _("write yes or no (ja/nej), not %(value)s", value=flag))
    manager = get.get("manager_email")
    if manager and not EMAIL.match(manager.lower()):
        error("manager_email", _("not a valid e-mail address: %(value)s", value=manager))
    phone = get.get("work_phone")
    if phone and not PHONE.match(phone):
        error("work_phone", _("not a telephone number: %(value)s", value=phone))
    for name_, limit in (
        ("employee_number", 40),
        ("job_title", 200),
        ("key_function", 200),
        ("work_phone", 40),
    ):
        if len(get.get(name_, "")) > limit:
            error(name_, _("at most %(n)s characters", n=limit))
    if errors:
        result.errors.extend(errors)
        return None
    return HrRow(
        row=line_no,
        name=name,
        email=email,
        department=get["department"],
        unit=get["unit"],
        employee_number=get.get("employee_number") or None,
        job_title=get.get("job_title"),
        is_key_person=key_person,
        key_function=get.get("key_function"),
        manager_email=manager.lower() if manager else None,
        work_phone=phone if "work_phone" in get else None,  # "": the number is removed
    )


def _check_duplicates(result: ParsedFile) -> None:
    """The same e-mail or employee number twice in the file is an error on the later row."""
    seen: dict[str, dict[str, int]] = {"email": {}, "employee_number": {}}
    keep = []
    for row in result.rows:
        ok = True
        for key, value in (("email", row.email), ("employee_number", row.employee_number)):
            if not value:
                continue
            if value in seen[key]:
                message = _(
                    "%(value)s is also on row %(other)s", value=value, other=seen[key][value]
                )
                result.errors.append(RowError(row.row, result.labels.get(key, ""), message))
                ok = False
            else:
                seen[key][value] = row.row
        if ok:
            keep.append(row)
    result.rows = keep
