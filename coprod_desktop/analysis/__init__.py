"""Analyses of an audit: pure functions on the store, with no Qt.

`analyse(store)` runs them all (coverage, the ladder, the equal-partner checklist, the
principles, "who are we leaving out?" and progress); the window, the command line and the
reports show its results.
"""

from coprod_desktop.analysis.audit_analysis import AuditAnalysis, analyse

__all__ = ["AuditAnalysis", "analyse"]
