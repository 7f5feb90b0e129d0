"""Numbers in plain sentences: kept for older imports; the helpers live in `domain.wording`."""

from coprod_desktop.domain.wording import count_text, noun_for, number_of, plural

__all__ = ["count_text", "noun_for", "number_of", "plural"]
