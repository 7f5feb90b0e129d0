"""Numbers in plain sentences, shared by the analyses, the window and the reports."""

from __future__ import annotations


def count_text(n: int, singular: str, plural: str) -> str:
    """Return "1 person", "2,373 people", "no assets"."""
    if n == 0:
        return f"no {plural}"
    return f"1 {singular}" if n == 1 else f"{n:,} {plural}"


def number_of(n: int, singular: str, plural: str) -> str:
    """Return "1 person", "2,373 people", "0 people" (a number even for none)."""
    return f"1 {singular}" if n == 1 else f"{n:,} {plural}"
