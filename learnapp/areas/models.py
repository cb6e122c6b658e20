"""The competence area model. The table keeps its name (competence_area)."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from learnapp.extensions import db


class CompetenceArea(db.Model):  # kompetensområde
    """What training needs are inventoried against, and what courses cover. Data, editable."""

    __tablename__ = "competence_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, language: str | None = None) -> str:
        """The name in `language`, by default the reader's (also in macros, which see no context)."""
        language = language or str(get_locale())
        return self.name_en if language == "en" else self.name_sv
