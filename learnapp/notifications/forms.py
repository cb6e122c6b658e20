from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class PreferencesForm(FlaskForm):
    optional_mails = BooleanField(_l("Send me optional mails: recommended courses and summaries"))
