"""How well each of the six elements is covered by linked people, capabilities and assets.

Everything is summed in the database (one grouped query), so the answer comes back as quickly
for 100,000 people as for 30. Only live records count: a deleted link, or a link whose person,
capability or asset has been deleted, is left out.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from coprod_desktop.domain.vocabulary import CapabilityKind, Element
from coprod_desktop.domain.wording import count_text
from coprod_desktop.store.queries import links

# An element needs at least this many strong links to be more than thin...
MIN_STRONG_LINKS = 3
# ...and at least this share of the total strength of the best-covered element.
MIN_SHARE_OF_BEST = 0.5

THIN_RULE = (
    f"An element is thin when it has fewer than {MIN_STRONG_LINKS} strong links, or when the "
    f"strengths of its links add up to less than {MIN_SHARE_OF_BEST:.0%} of those of the "
    "best-covered element."
)


@dataclass(frozen=True)
class ElementCoverage:
    """What is linked to one element, and whether that is thin."""

    element: Element
    people: int  # distinct people linked directly with strength >= 1
    capabilities: int  # distinct capabilities linked with strength >= 1
    assets: int  # distinct community assets linked with strength >= 1
    strong: int  # links of strength 3
    total_strength: int  # sum of the strengths of all live links
    thin: bool
    reason: str  # a plain sentence: why it is thin, or that it is well covered
    moderate: int = 0  # links of strength 2
    weak: int = 0  # links of strength 1
    # Why it is thin, as flags: a published report says why without stating the counts.
    few_strong: bool = False  # fewer than MIN_STRONG_LINKS strong links
    low_share: bool = False  # less than MIN_SHARE_OF_BEST of the best element's strength

    @property
    def linked(self) -> int:
        """Return the number of people, capabilities and assets linked (strength >= 1)."""
        return self.people + self.capabilities + self.assets

    @property
    def plain_reason(self) -> str:
        """Why it is thin, or that it is well covered, without a count: for published
        reports, where the strong links (links of people among them) may be too few to state."""
        if self.total_strength == 0:
            return "Nothing is linked to it yet."
        if not self.thin:
            return "Well covered."
        reasons = []
        if self.few_strong:
            reasons.append(f"it has fewer than {_word(MIN_STRONG_LINKS)} strong links")
        if self.low_share:
            reasons.append(
                f"its links add up to less than {_share_words(MIN_SHARE_OF_BEST)} of those of "
                "the best-covered element"
            )
        return f"Thin: {' and '.join(reasons)}."

    def sentence(self, name: str, *, plain: bool = False) -> str:
        """One sentence on the element (called `name`) for the lists of what is missing and
        what is strong: the Overview's and the report's. `plain`: without counts."""
        reason = self.plain_reason if plain else self.reason
        if self.total_strength == 0:
            return f"{name} has nothing linked to it yet."
        if self.thin:
            return f"{name} is thin: {reason.removeprefix('Thin: ')}"
        return f"{name}: {reason[0].lower()}{reason[1:]}"


def thin_elements(coverage: list[ElementCoverage]) -> list[ElementCoverage]:
    """Return the thin elements, in the order of `Element`: every one of them, as both the
    Overview and the report's summary list them under what is missing."""
    return [c for c in coverage if c.thin]


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


def _word(n: int) -> str:
    return _WORDS.get(n, f"{n:,}")


def _share_words(share: float) -> str:
    return "half" if share == 0.5 else f"{share:.0%}"


def element_coverage(store) -> list[ElementCoverage]:
    """Return the coverage of every element, in the order of `Element`."""
    sums = {row[0]: row[1:] for row in links.element_sums(store)}
    counts = {e: tuple(int(v) for v in sums.get(e.value, (0,) * 7)) for e in Element}
    best = max(total for _p, _c, _a, _s, total, *_ in counts.values())
    result = []
    for element in Element:
        people, capabilities, assets, strong, total, moderate, weak = counts[element]
        thin, reason = _judge(strong, total, best)
        result.append(
            ElementCoverage(
                element,
                people,
                capabilities,
                assets,
                strong,
                total,
                thin,
                reason,
                moderate,
                weak,
                few_strong=strong < MIN_STRONG_LINKS,
                low_share=total < MIN_SHARE_OF_BEST * best if best else True,
            )
        )
    return result


def _judge(strong: int, total: int, best: int) -> tuple[bool, str]:
    """Return whether an element is thin by THIN_RULE, and why, in a sentence."""
    if total == 0:
        return True, "Nothing is linked to it yet."
    share = total / best if best else 0.0
    reasons = []
    if strong < MIN_STRONG_LINKS:
        reasons.append(f"it has {_links(strong, 'strong link')} (it needs {MIN_STRONG_LINKS})")
    if share < MIN_SHARE_OF_BEST:
        reasons.append(f"it has {share:.0%} of the link strength of the best-covered element")
    if not reasons:
        return False, f"Well covered: {_links(strong, 'strong link')}."
    sentence = " and ".join(reasons)
    return True, f"Thin: {sentence}."


def _links(n: int, noun: str) -> str:
    return count_text(n, noun)


UNTAPPED_EXAMPLES = 10  # untapped capabilities named in the result; the rest are counted


@dataclass(frozen=True)
class UntappedCapability:
    id: str
    description: str
    kind: CapabilityKind
    person: str  # the name of whose capability it is


@dataclass(frozen=True)
class Untapped:
    """Capabilities recorded but linked to no element (with strength 1 or more)."""

    count: int
    examples: list[UntappedCapability]  # the most recently recorded first


def untapped_capabilities(store, examples: int = UNTAPPED_EXAMPLES) -> Untapped:
    """Return how many live capabilities are linked to no element, with a few examples."""
    count = untapped_capabilities_count(store)
    listed = []
    if count and examples:
        for id_, description, kind, person in links.untapped_examples(store, examples):
            with contextlib.suppress(ValueError):  # a kind from a newer version
                listed.append(UntappedCapability(id_, description, CapabilityKind(kind), person))
    return Untapped(count, listed)


def untapped_capabilities_count(store) -> int:
    """Return how many live capabilities are not linked to any element (strength >= 1)."""
    return links.untapped_count(store)
