"""Likely duplicates among new people and assets: the same name give or take a typo.

A name is compared with its words sorted and without case or punctuation ("Smith, Jane" is
"Jane Smith"), by rapidfuzz's ratio (so, token_sort_ratio); a score of 90 or more is a likely
duplicate. Names with different numbers in them are different ("Participant 1" and
"Participant 11"). An exact e-mail address also makes a duplicate; an asset must in addition
have the same postcode when both give one.

The names are indexed by the first two letters of their folded form and by length: a score of
90 needs lengths within a fifth of each other, so a new name is compared, in rapidfuzz's C code,
with the few hundred names that could match rather than all of them: quick with 100,000 people
in the audit. (A typo in those first two letters is missed: the price of that speed.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

LIKELY = 90  # token_sort_ratio from which two names are likely the same
_NUMBERS = re.compile(r"\d+")


def name_key(name: str) -> str:
    """Fold a name for comparing: lower case, no punctuation, words in order."""
    return " ".join(sorted(default_process(name).split()))


def postcode_key(postcode: str) -> str:
    return "".join(postcode.split()).upper()


@dataclass(frozen=True)
class Match:
    """The record a new row is likely a duplicate of: its name and where it is."""

    name: str
    where: str  # "already in the audit" or "row 12 of People in this file"
    why: str  # "name" or "e-mail"


class NameIndex:
    """Names (with an optional postcode and e-mail) to find near-identical ones among."""

    def __init__(self, *, by_postcode: bool = False) -> None:
        self.by_postcode = by_postcode
        self._exact: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._entries: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._emails: dict[str, tuple[str, str]] = {}

    def add(self, name: str, where: str, *, postcode: str = "", email: str = "") -> None:
        key = name_key(name)
        if key:
            entry = (name, where, postcode_key(postcode))
            if key not in self._entries:
                self._buckets[(key[:2], len(key))].append(key)
            self._entries[key].append(entry)
        if email:
            self._emails.setdefault(email.strip().casefold(), (name, where))

    def find(self, name: str, *, postcode: str = "", email: str = "") -> Match | None:
        """Return the likely duplicate of a new record, or None."""
        if email:
            found = self._emails.get(email.strip().casefold())
            if found:
                return Match(found[0], found[1], "e-mail")
        key = name_key(name)
        if not key:
            return None
        wanted = postcode_key(postcode)
        entries = self._entries.get(key)
        if entries:
            match = self._first(entries, wanted)
            if match:
                return match
        # The best near miss is often enough; when its postcode or number differs, look at
        # the next ones.
        numbers = _NUMBERS.findall(key)
        limit = 20 if self.by_postcode or numbers else 1
        prefix, size = key[:2], len(key)
        best: tuple[float, Match] | None = None
        for length in range(int(size * 0.8), int(size * 1.25) + 2):
            bucket = self._buckets.get((prefix, length))
            if not bucket:
                continue
            for choice, score, _index in process.extract(
                key, bucket, scorer=fuzz.ratio, processor=None, score_cutoff=LIKELY, limit=limit
            ):
                if _NUMBERS.findall(choice) != numbers:
                    continue  # "Participant 1" and "Participant 11", "Hall 2" and "Hall 3"
                match = self._first(self._entries[choice], wanted)
                if match:
                    if best is None or score > best[0]:
                        best = (score, match)
                    break
        return best[1] if best else None

    def _first(self, entries: list[tuple[str, str, str]], postcode: str) -> Match | None:
        for name, where, their_postcode in entries:
            if not (
                self.by_postcode and postcode and their_postcode and postcode != their_postcode
            ):
                return Match(name, where, "name")
        return None
