"""The audit as a PDF report, with reportlab: cover, contents, summary, the six elements, roles,
who we are leaving out, the inventories, the action plan and an appendix.

`export_report(store, path, privacy=...)` writes it. The layout of the pages is in
`report_document`, the content of each section in `report_sections`, the charts in
`report_charts`. Like the Excel export, the PDF is written to a temporary file and moved into
place at the end, so a cancelled or failed report leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from coprod_desktop import __version__
from coprod_desktop.analysis.audit_analysis import analyse
from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.report.document import Contents, Furniture, ReportDocument
from coprod_desktop.report.outline import (
    INVENTORY_SECTIONS,
    SECTION_KEYS,
    SECTIONS,
    ReportSection,
)
from coprod_desktop.report.sections import ReportSections
from coprod_desktop.store.outputs import OutputKind, audit_files

Progress = Callable[[int, int], None]


@dataclass
class ReportResult:
    path: Path
    privacy: PrivacyLevel | PrivacyPolicy
    pages: int
    sections: list[str]
    notes: list[str] = field(default_factory=list)


class _Ticker:
    """Counts the work done (sections made, inventory rows laid out) for the progress bar."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0

    def __call__(self, amount: int) -> None:
        self.done += amount
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


SECTION_WORK = 50  # progress units of a section without long tables


def export_report(
    store,
    path: Path | str,
    *,
    privacy: PrivacyLevel | PrivacyPolicy = PrivacyLevel.INTERNAL,
    sections: Iterable[str] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ReportResult:
    """Write the audit's report to `path` as a PDF at the privacy level given."""
    path = Path(path)
    policy = policy_for(privacy)
    chosen = _chosen(sections)
    today = today or date.today()
    ticker = _Ticker(progress, _work(store, chosen, policy))
    ticker(0)
    audit = store.audit()
    analysis = analyse(store, today)
    furniture = Furniture(audit.title, f"{policy.label} copy")
    sections_maker = ReportSections(store, analysis, policy, furniture, today, ticker)
    contents = [
        (s.key, s.title, 0) for s in SECTIONS if s.key in chosen
    ]  # level 1 entries stay in the outline only: the contents fit one page
    story: list[Flowable] = [
        *sections_maker.cover(audit),
        NextPageTemplate("page"),
        PageBreak(),
        sections_maker.heading("Contents", "contents"),
        Contents(contents),
        PageBreak(),
    ]
    for key in chosen:
        story += getattr(sections_maker, key)()
        ticker(SECTION_WORK)
    if story and isinstance(story[-1], PageBreak):
        story.pop()  # no blank last page
    # Never onto the audit, its lock or backups: refused before anything is written.
    protected = audit_files(store.path) if getattr(store, "path", None) else []
    with replacing(path, "a PDF reader", OutputKind.REPORT, protected) as temporary:
        document = ReportDocument(
            str(temporary),
            furniture,
            title=f"{audit.title}: co-production audit report",
            author=audit.organisation or "Coprod Desktop",
            subject=f"Co-production audit report ({policy.label.lower()} copy)",
            creator=f"Coprod Desktop {__version__}",
            keywords=["co-production", "audit", policy.code],
        )
        document.build(story)
        document.missing_forms(key for key, _title, _level in contents)
        pages = document.finish()
        if progress:  # inside: a cancel at the very end still leaves no file
            progress(ticker.total, ticker.total)
    return ReportResult(path, privacy, pages, list(chosen), _notes(sections_maker))


def _chosen(sections: Iterable[str] | None) -> list[str]:
    if sections is None:
        return list(SECTION_KEYS)
    wanted = set(sections)
    unknown = wanted - set(SECTION_KEYS)
    if unknown:
        raise ValueError(
            f"Unknown report section {', '.join(sorted(unknown))}; the sections are "
            f"{', '.join(SECTION_KEYS)}."
        )
    return [key for key in SECTION_KEYS if key in wanted]


def _work(store, chosen: list[str], policy: PrivacyPolicy) -> int:
    """The progress units of the whole report: the rows of its long tables, and the rest."""
    rows = 0
    if policy.rows_about_people:
        if "capabilities" in chosen:
            rows += store.count(r.Capability, **policy.capability_filter())
        if "assets" in chosen:
            rows += store.count(r.CommunityAsset)
    if "actions" in chosen:
        rows += store.count(r.Action)
    return rows + SECTION_WORK * len(chosen)


def _notes(sections: ReportSections) -> list[str]:
    notes = []
    shortened = sum(c.shortened for c in sections.cells)
    if shortened:
        notes.append(
            f"{number_of(shortened, 'long text was', 'long texts were')} shortened to fit a "
            f"table cell; the audit keeps {noun_for(shortened, 'it', 'them')} in full."
        )
    missing: dict[str, str] = {}
    for cells in sections.cells:
        missing |= cells.letters_missing
    if missing:
        letters = "".join(dict.fromkeys("".join(missing)))
        notes.append(
            f"{number_of(len(missing), 'text uses', 'texts use')} letters the report's font "
            "(DejaVu Sans) does not have "
            f"({letters[:20]}); they show as empty boxes in the PDF. The Excel export keeps "
            "them."
        )
    backwards = sum(cells.right_to_left for cells in sections.cells)
    if backwards:
        examples = "; ".join(
            [text for cells in sections.cells for text in cells.right_to_left_examples][:3]
        )
        notes.append(
            f"{number_of(backwards, 'text is', 'texts are')} written right to left (Hebrew or "
            f"Arabic), which the "
            f"PDF prints with the letters in the wrong order, e.g. {examples}. The Excel export "
            "shows them correctly."
        )
    return notes


__all__ = ["INVENTORY_SECTIONS", "SECTIONS", "ReportResult", "ReportSection", "export_report"]
