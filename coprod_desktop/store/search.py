"""Full-text search of people, capabilities and assets (the search_index table)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AssetCategory, CapabilityKind


@dataclass(frozen=True)
class SearchHit:
    kind: str  # person, capability or asset
    record_id: str
    title: str
    snippet: str  # the matching words, without codes (see `what`)
    person: str = ""  # for a capability, whose it is
    what: str = ""  # the label of a capability's kind or an asset's category

    @property
    def noun(self) -> str:
        """The kind of record in words: "person", "capability", "community asset"."""
        return _SEARCH_TYPES[self.kind].noun


_SEARCH_TYPES: dict[str, type[r.Record]] = {
    "person": r.Person,
    "capability": r.Capability,
    "asset": r.CommunityAsset,
}


class Searching:
    """The store's search (a mixin of AuditStore)."""

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Find people, capabilities and assets whose words start with the words typed."""
        match = fts_query(query)
        if not match:
            return []
        rows = self._read(
            "SELECT hit.kind, hit.record_id, hit.title, hit.snippet, coalesce(person.name, ''), "
            "       coalesce(capability.kind, asset.category, '') "
            "FROM (SELECT rowid, kind, record_id, title, "
            "      snippet(search_index, 3, '', '', '…', 10) AS snippet "
            "      FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?) AS hit "
            "LEFT JOIN capability ON hit.kind = 'capability' AND capability.rowid = hit.rowid / 4 "
            "LEFT JOIN person ON person.id = capability.person_id "
            "LEFT JOIN asset ON hit.kind = 'asset' AND asset.rowid = hit.rowid / 4",
            (match, limit),
        )
        return [
            SearchHit(kind, record_id, title, _tidy_snippet(snippet, code), person, _label(code))
            for kind, record_id, title, snippet, person, code in rows
        ]


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word, as a prefix."""
    words = _WORD.findall(text)
    # A one-letter prefix matches most of the audit; treat it as a whole word.
    return " ".join(f'"{w}"*' if len(w) > 1 else f'"{w}"' for w in words)


def _tidy_snippet(snippet: str, code: str = "") -> str:
    # The indexed text joins fields with " · "; empty fields would leave stray dots. The first
    # field of a capability or asset is its kind or category as a code ("lived experience"),
    # shown by its label instead (SearchHit.what): left out here, even when the snippet starts
    # inside it ("…spaces" of "physical spaces").
    parts = [part.strip() for part in snippet.split("·") if part.strip()]
    if code and parts:
        words, first = code.replace("_", " "), parts[0]
        cut = first.startswith("…") and len(parts) > 1 and words.endswith(first[1:].strip())
        if first == words or cut:
            parts.pop(0)
    return " · ".join(parts)


_LABELS = {
    member.value: member.label for coded in (CapabilityKind, AssetCategory) for member in coded
}


def _label(code: str) -> str:
    """The label of a capability kind or asset category code ("" for none)."""
    return _LABELS.get(code, code.replace("_", " "))
