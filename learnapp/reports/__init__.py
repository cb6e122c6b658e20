"""The status report (lägesrapport) for the working group and the security committee: the live
report, monthly completion snapshots for its trend, and saved reports that never change."""
