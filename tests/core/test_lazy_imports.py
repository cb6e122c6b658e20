"""The PDF, Word and Excel libraries are imported by the downloads that use them, not when a worker
starts: fpdf2 (with fontTools) and python-docx (with lxml) were some 26 MB of every worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

STARTS = """
import sys
from learnapp import create_app
from tests.conftest import make_test_config
create_app(make_test_config("sqlite://"))
print(" ".join(sorted(m for m in ("fpdf", "docx", "xlsxwriter", "openpyxl", "pypdf")
                      if m in sys.modules)))
"""


def test_a_started_app_has_not_imported_the_document_libraries() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", STARTS], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
