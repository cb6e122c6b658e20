"""What every PDF the app writes shares: a Unicode font shipped with the app (DejaVu Sans, with
its licence, in `learnapp/fonts/`), so å, ä and ö print as real, searchable text on a machine
without system fonts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 is imported where a PDF is written, not when the app starts
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"


def add_fonts(pdf: FPDF) -> None:
    """Register the regular and bold faces under FAMILY."""
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
