"""The one sentence helper and the public count text (issue 22: one helper per job)."""

import pytest

from coprod_desktop.analysis.small_counts import PEOPLE, WORK, shown_count_text
from coprod_desktop.domain.wording import sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("row 3 is empty", "Row 3 is empty."),
        ("Done.", "Done."),
        ("  trimmed  ", "Trimmed."),
        ("Really?", "Really?"),
        ("Stop!", "Stop!"),
        ("it is called \u201cX.\u201d", "It is called \u201cX.\u201d"),
        ("(like this.)", "(like this.)"),
        ("a role at the Lead stage (row 3)", "A role at the Lead stage (row 3)."),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_sentence(text, expected):
    assert sentence(text) == expected


def test_shown_count_text_hides_small_counts_of_people_only_in_public():
    assert shown_count_text(3) == "<5"
    assert shown_count_text(3, public=False) == "3"
    assert shown_count_text(3, WORK) == "3"
    assert shown_count_text(2373) == "2,373"
    assert shown_count_text(0, PEOPLE) == "<5"


def test_shown_count_text_with_a_noun():
    assert shown_count_text(1, noun="person") == "<5 people"
    assert shown_count_text(1, noun="person", public=False) == "1 person"
    assert shown_count_text(1, WORK, noun="community asset") == "1 community asset"
    assert shown_count_text(0, WORK, noun="action") == "0 actions"
    assert shown_count_text(12, noun="capability") == "12 capabilities"
