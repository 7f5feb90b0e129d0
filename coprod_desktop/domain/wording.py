"""Numbers with nouns in plain English ("1 person", "2 people", "no assets"), for every layer.

The one place that knows plurals: the window, the command line, the workbooks and the reports
all count through it, so that none says "1 people" or "2 capabilitys".
"""

from __future__ import annotations

import re

# Nouns (the last word of a phrase) whose plural the rules below would get wrong.
IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "criterion": "criteria",
    "staff": "staff",
    "information": "information",
    "evidence": "evidence",
    "is": "are",
    "was": "were",
    "has": "have",
}


def plural(noun: str) -> str:
    """Return the plural of a noun or of a phrase ending in one: "capability" -> "capabilities",
    "community asset" -> "community assets", "person" -> "people", "match" -> "matches"."""
    head, space, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in IRREGULAR:
        many = IRREGULAR[lower]
        many = many.capitalize() if last[:1].isupper() else many
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        many = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head}{space}{many}"


def noun_for(n: int, noun: str, many: str | None = None) -> str:
    """Return the noun as it goes with the number `n`: "person" for 1, "people" otherwise."""
    return noun if n == 1 else (many or plural(noun))


def number_of(n: int, noun: str, many: str | None = None) -> str:
    """Return "1 person", "2,373 people", "0 people" (a number even for none)."""
    return f"{n:,} {noun_for(n, noun, many)}"


def count_text(n: int, noun: str, many: str | None = None) -> str:
    """Return "1 person", "2,373 people", "no people"."""
    if n == 0:
        return f"no {many or plural(noun)}"
    return number_of(n, noun, many)


# A sentence is ended by one of these, perhaps followed by closing quotes or brackets.
_ENDED = re.compile(r"[.!?][\"'”’)\]]*$")


def sentence(text: str | None) -> str:
    """Return a message as a sentence: a capital letter first and a full stop at the end
    ("row 3 is empty" -> "Row 3 is empty."), none added after "?", "!" or "." (even inside
    closing quotes or brackets: 'called “X.”'); "" for an empty message."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _ENDED.search(text):
        text += "."
    return text[:1].upper() + text[1:]


# The counts of an audit (the keys of `AuditStore.counts()`, which stay as they are for
# programs, e.g. `info --json`) in words for people.
COUNT_LABELS = {
    "people": "People",
    "capabilities": "Capabilities",
    "assets": "Community assets",
    "roles": "Roles",
    "element_links": "Element links",
    "assessments": "Self-assessment rounds",
    "actions": "Actions",
}
