"""The status report (lägesrapport) for the working group and the security committee: the live
report, monthly completion snapshots for its trend, and saved reports that never change."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from learnapp.reports import cli, views, views_downloads  # noqa: E402,F401
