"""Capabilities in columns of a people sheet: import-only columns, one per kind of capability.

A volunteer sign-up sheet has one row per person and their gifts in columns ("I can help
with", "What I care about"). These columns are not in our exported workbook (capabilities
have their own sheet there); the importer offers them for partners' people sheets only, keyed
`capabilities:<CapabilityKind value>`. Each cell becomes capability records of that row's
person: split on ; , / and new lines, trimmed, kept as written, each once.
"""

from __future__ import annotations

from typing import Any

from coprod_desktop.domain.vocabulary import CapabilityKind
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Column, Kind, Sheet

PREFIX = "capabilities:"
# The headers partners use for each kind (folded as `mapping.squash` folds them). "Lived
# experience" alone stays the Yes/No hat column of our template; "Languages" stays the
# person's languages.
_SYNONYMS: dict[CapabilityKind, tuple[str, ...]] = {
    CapabilityKind.HANDS: (
        "i can help with",
        "skills",
        "what i can do",
        "what i can offer",
        "practical skills",
        "can help with",
        "skills i can offer",
    ),
    CapabilityKind.HEART: (
        "what i care about",
        "interests",
        "causes",
        "causes i care about",
        "passions",
        "what matters to me",
    ),
    CapabilityKind.HEAD: (
        "what i know about",
        "knowledge",
        "experience",
        "expertise",
        "what i know",
    ),
    CapabilityKind.CONNECTIONS: (
        "groups i belong to",
        "groups",
        "networks",
        "connections",
        "who i know",
        "groups and networks",
    ),
    CapabilityKind.LIVED_EXPERIENCE: (
        "my lived experience",
        "lived experiences",
        "lived experience of",
        "what i have lived through",
    ),
    CapabilityKind.LANGUAGE: ("languages i can offer", "languages i can help with"),
}
_SHORT = {
    CapabilityKind.HEAD: "head (knowledge)",
    CapabilityKind.HEART: "heart (what they care about)",
    CapabilityKind.HANDS: "hands (practical skills)",
    CapabilityKind.LIVED_EXPERIENCE: "lived experience",
    CapabilityKind.CONNECTIONS: "connections",
    CapabilityKind.LANGUAGE: "languages",
}

CAPABILITY_COLUMNS: tuple[Column, ...] = tuple(
    Column(
        f"{PREFIX}{kind.value}",
        f"Capabilities: {_SHORT[kind]}",
        Kind.WORDS,
        width=30,
        prompt=f"{kind.description} Several separated by ; , / or new lines.",
        synonyms=_SYNONYMS[kind],
    )
    for kind in CapabilityKind
)
BY_KEY = {column.key: column for column in CAPABILITY_COLUMNS}


def is_capability_key(key: str) -> bool:
    return key.startswith(PREFIX)


def kind_of(key: str) -> CapabilityKind:
    """The kind of capability a `capabilities:<kind>` column gives."""
    return CapabilityKind(key[len(PREFIX) :])


def extra_columns(sheet: Sheet) -> tuple[Column, ...]:
    """The import-only columns a partner's sheet of this kind may also fill."""
    return CAPABILITY_COLUMNS if sheet is L.PEOPLE else ()


def fold(text: str) -> str:
    """A capability as compared with those a person has: no case, single spaces."""
    return " ".join(text.casefold().split())


def parse_capabilities(raw: Any) -> tuple[str, ...]:
    """The capabilities in a cell, as written, each once: () when it is empty."""
    found: dict[str, str] = {}
    for part in V.split_multi(raw):
        part = " ".join(part.split())
        found.setdefault(fold(part), part)
    return tuple(found.values())
