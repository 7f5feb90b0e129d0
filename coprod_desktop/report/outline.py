"""The sections a PDF report can hold, light to import (no reportlab): the command line and the
window list them without loading the report's machinery."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str  # the heading in the report, and the check box in the window
    about: str  # one line for the window


SECTIONS: tuple[ReportSection, ...] = (
    ReportSection(
        "summary",
        "Summary",
        "One page: what is strong, what is missing, the checklist answers, top actions.",
    ),
    ReportSection(
        "elements",
        "The six elements",
        "The self-assessment chart, and coverage and gaps of each element.",
    ),
    ReportSection(
        "roles", "Roles at each stage", "Stages by rungs of the ladder, and the checklist."
    ),
    ReportSection(
        "leaving_out",
        "Who are we leaving out?",
        "The people involved compared with the area (totals only).",
    ),
    ReportSection(
        "capabilities",
        "Capability inventory",
        "Every capability people offer, by kind (totals only in a public report).",
    ),
    ReportSection(
        "assets",
        "Asset register",
        "Every community asset, by category (totals only in a public report).",
    ),
    ReportSection("actions", "Action plan", "What the team will do, with due dates."),
    ReportSection(
        "appendix",
        "Appendix: method and definitions",
        "How the audit was done; the elements, the ladder and the scale.",
    ),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
INVENTORY_SECTIONS = ("capabilities", "assets")
