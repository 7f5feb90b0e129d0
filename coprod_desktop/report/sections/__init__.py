"""The sections of the PDF report, each a list of reportlab flowables made from the analyses
and the store, at one privacy level.

Privacy is the Excel export's: the level's policy (`domain.privacy`) says what leaves, people
are named as in the workbook (`workbook.names`), totals come from `public_tables`. A partner
report names people only where their consent covers partners and
holds no contact details, equality answers of anyone, notes or action owners; a public report
names nobody, shows totals only, every count of people under 5 as "<5" (the one rule of
`analysis.small_counts`: assets and actions are counted exactly), and leaves out the
analyses' sentences that state counts of people.

A published report (partner or public) is read by people who do not have the app: it says
what is missing in plain words, never where to click.
"""

from __future__ import annotations

from coprod_desktop.report.sections.actions import ActionSections
from coprod_desktop.report.sections.appendix import AppendixSections
from coprod_desktop.report.sections.elements import ElementSections
from coprod_desktop.report.sections.inventory import InventorySections
from coprod_desktop.report.sections.leaving_out import LeavingOutSections
from coprod_desktop.report.sections.roles import RoleSections
from coprod_desktop.report.sections.summary import SummarySections


class ReportSections(
    SummarySections,
    ElementSections,
    RoleSections,
    LeavingOutSections,
    InventorySections,
    ActionSections,
    AppendixSections,
):
    """Builds each section's flowables (one module per section); `rows_done(n)` is told as
    inventory rows are laid out."""
