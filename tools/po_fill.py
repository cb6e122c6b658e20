"""Fill a part's Swedish catalogue from a Python dict file: `python tools/po_fill.py PART FILE`.

FILE holds `SV = {"English id": "svensk text", ...}`. Entries already in the catalogue are updated.
A convenience for developers; the catalogue (.po) is what the app reads.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "learnapp" / "translations"


def main(part: str, source: str) -> None:
    translations: dict[str, str] = runpy.run_path(source)["SV"]
    po = ROOT / part / "sv" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    if po.exists():
        with po.open("rb") as f:
            catalog = read_po(f)
    else:
        catalog = Catalog(locale="sv", project="learnapp", charset="utf-8")
    for msgid, msgstr in translations.items():
        flags = ["python-format"] if "%(" in msgid else []
        if msgid in catalog:
            catalog[msgid].string = msgstr  # fill or correct an existing (e.g. stubbed) entry
        else:
            catalog.add(msgid, msgstr, flags=flags)
    with po.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True)
    print(f"{po}: {len(catalog)} messages")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
