"""“Who are we leaving out?” on small audits where the shares and hidden counts are known."""

import json
import sqlite3
import uuid

import pytest

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.leaving_out import (
    LEAVING_OUT_RULE,
    MIN_EXPECTED,
    NOT_ANSWERED,
    SUPPRESSED,
    UNDER_REPRESENTED_RATIO,
    WITHHELD,
    leaving_out,
)
from coprod_desktop.domain import Person, ReferenceShare
from coprod_desktop.domain.equality import PREFER_NOT_TO_SAY, QUESTIONS


def people(store, n, name="P", **answers):
    """Add `n` people who gave the same equality answers (question key -> answer code)."""
    store.add_many(Person(name=f"{name}{i}", equality=dict(answers)) for i in range(n))


def reference(store, question, **shares):
    store.add_many(
        ReferenceShare(question=question, group=group, share=share, source="Census")
        for group, share in shares.items()
    )


def groups(result, question):
    q = next(q for q in result.questions if q.question == question)
    return {g.group: g for g in q.groups}


def question_json(store, question):
    return analyse(store).to_json()["leaving_out"]["questions"][question]


def test_a_group_of_3_people_is_shown_as_under_5(store):
    people(store, 10, "W", ethnicity="white")
    people(store, 3, "A", ethnicity="asian")
    people(store, 2, "B", ethnicity="black")

    ethnicity = groups(leaving_out(store), "ethnicity")
    asian = ethnicity["asian"]
    assert (asian.count, asian.share, asian.shown) == (None, None, "<5")
    assert asian.difference is None
    assert ethnicity["black"].shown == "<5"
    white = ethnicity["white"]
    assert (white.count, white.shown, white.share) == (10, "10", 10 / 15)
    assert white.label == "White" and asian.label == "Asian, Asian British or Asian Welsh"
    # 0 is hidden too: an empty group is a count under 5 like any other.
    for code in ("mixed", "other", PREFER_NOT_TO_SAY, NOT_ANSWERED):
        assert (ethnicity[code].count, ethnicity[code].shown) == (None, SUPPRESSED)
    assert ethnicity[NOT_ANSWERED].label == "No answer"

    asian_json = next(
        g for g in question_json(store, "ethnicity")["groups"] if g["group"] == "asian"
    )
    assert asian_json == {
        "group": "asian",
        "label": "Asian, Asian British or Asian Welsh",
        "count": None,
        "shown": "<5",
        "share": None,
        "reference": None,
        "difference": None,
        "under_represented": False,
    }


def test_when_only_one_count_is_small_the_next_smallest_is_hidden_too(store):
    people(store, 10, "F", sex="female")
    people(store, 7, "M", sex="male")
    people(store, 6, "Q", sex=PREFER_NOT_TO_SAY)
    people(store, 2, "N")  # did not answer: the only count under 5

    sex = groups(leaving_out(store), "sex")
    assert (sex[NOT_ANSWERED].count, sex[NOT_ANSWERED].shown) == (None, "<5")
    # 25 people are known, so "No answer" = 25 - 10 - 7 - 6 if the 6 were shown. The 6 is
    # hidden too, shown as "hidden" (5 or more), as in the other public tables: not "<5".
    assert (sex[PREFER_NOT_TO_SAY].count, sex[PREFER_NOT_TO_SAY].shown) == (None, WITHHELD)
    assert (sex["female"].count, sex["male"].count) == (10, 7)
    assert sex["female"].share == 10 / 17  # of the people who gave a real answer


def test_no_hidden_count_can_be_worked_out_from_the_shown_numbers(store):
    """Bug (reported to the lead): 7 women and 3 men answer "Sex". The 3 is hidden, but the
    question's `compared` total (10) is shown beside the 7 (and the share 70% gives it away
    too), so 10 - 7 = 3. The zeros of "Prefer not to say" and "No answer" count as the second
    hidden cell, so secondary suppression never protects the total of the compared groups."""
    people(store, 7, "F", sex="female")
    people(store, 3, "M", sex="male")

    data = analyse(store).to_json()["leaving_out"]
    assert _worked_out(data) == {}


def test_no_hidden_count_can_be_worked_out_when_the_area_is_compared(store):
    """The same bug with the area's figures entered: the text shows the 7 and their 70%."""
    reference(store, "sex", female=0.5, male=0.5)
    people(store, 7, "F", sex="female")
    people(store, 3, "M", sex="male")
    people(store, 9, "Q", sex=PREFER_NOT_TO_SAY)

    data = analyse(store).to_json()["leaving_out"]
    assert _worked_out(data) == {}


def _worked_out(data: dict) -> dict:
    """Return the hidden counts a reader can work out by subtraction, by (question, group).

    A reader knows two totals of each question: all its groups add up to the people in the
    audit, and the groups compared with the area add up to `compared` (the groups with area
    figures, or without figures every real answer). A total with exactly one hidden group
    gives that group away.
    """
    found = {}
    for key, q in data["questions"].items():
        real = [g for g in q["groups"] if g["group"] not in (PREFER_NOT_TO_SAY, NOT_ANSWERED)]
        with_figures = [g for g in q["groups"] if g["reference"] is not None]
        compared_groups = with_figures or real
        for total, members in ((data["people"], q["groups"]), (q["compared"], compared_groups)):
            hidden = [g for g in members if g["count"] is None]
            if isinstance(total, int) and len(hidden) == 1:
                shown = sum(g["count"] for g in members if g["count"] is not None)
                found[(key, hidden[0]["group"])] = total - shown
    return found


def test_shares_and_differences_against_the_area(store):
    reference(store, "sex", female=0.5, male=0.5)
    people(store, 15, "F", sex="female")
    people(store, 5, "M", sex="male")

    result = leaving_out(store)
    sex = groups(result, "sex")
    assert (sex["female"].share, sex["female"].reference) == (0.75, 0.5)
    assert sex["female"].difference == pytest.approx(0.25)
    assert sex["male"].difference == pytest.approx(-0.25)
    assert (sex["male"].count, sex["male"].shown) == (5, "5")
    assert not sex["female"].under_represented
    assert sex["male"].under_represented  # 25% < 80% of 50%, and 50% of 20 = 10 expected
    assert [f"{g.question_label}: {g.label}" for g in result.under_represented] == ["Sex: Male"]
    assert result.sentence == "Under-represented compared with the area: Sex: Male."
    assert result.has_reference
    others = [q for q in result.questions if q.question != "sex"]
    assert not any(q.has_reference for q in others)

    analysis = analyse(store)
    data = analysis.to_json()
    sex_json = {g["group"]: g for g in data["leaving_out"]["questions"]["sex"]["groups"]}
    assert (sex_json["male"]["share"], sex_json["male"]["difference"]) == (0.25, -0.25)
    assert data["leaving_out"]["questions"]["sex"]["compared"] == 20
    assert data["leaving_out"]["under_represented"] == [
        {"question": "sex", "group": "male", "label": "Sex: Male"}
    ]
    assert data["principles"]["diversity"]["under_represented"] == ["Sex: Male"]
    text = analysis.to_text()
    assert "Sex:\n  Female: 15 people, 75.0% against 50.0% of the area\n" in text
    assert "  Male: 5 people, 25.0% against 50.0% of the area  (under-represented)" in text
    assert "1 group is under-represented." in analysis.principles.diversity.sentence


def test_under_represented_needs_a_share_below_80_percent_of_the_area(store):
    assert UNDER_REPRESENTED_RATIO == 0.8
    reference(store, "sex", female=0.5, male=0.5)
    people(store, 15, "F", sex="female")
    people(store, 10, "M", sex="male")  # 40% of 25: exactly 80% of 50%, not below it
    assert leaving_out(store).under_represented == []
    assert leaving_out(store).sentence == (
        "No group of the area is clearly under-represented among the people involved."
    )

    people(store, 1, "G", sex="female")  # 10 of 26: 38%
    assert [g.group for g in leaving_out(store).under_represented] == ["male"]


def test_under_represented_needs_at_least_5_expected(store):
    assert MIN_EXPECTED == 5
    reference(store, "ethnicity", white=0.8, asian=0.2)
    people(store, 20, "W", ethnicity="white")  # 20% of 20 = 4 Asian people expected
    assert leaving_out(store).under_represented == []

    people(store, 5, "X", ethnicity="white")  # 20% of 25 = 5 expected, and none
    named = leaving_out(store).under_represented
    assert [(g.question, g.group, g.count) for g in named] == [("ethnicity", "asian", None)]


def test_prefer_not_to_say_is_never_named(store):
    # The area's figures include "Prefer not to say", so it is compared, but never named.
    reference(store, "sex", female=0.25, male=0.25, prefer_not_to_say=0.5)
    people(store, 10, "F", sex="female")
    people(store, 10, "M", sex="male")

    result = leaving_out(store)
    sex = groups(result, "sex")
    assert sex[PREFER_NOT_TO_SAY].reference == 0.5
    assert sex["female"].share == 0.5  # of 20, "Prefer not to say" included
    assert result.under_represented == []
    assert "“Prefer not to say”" in LEAVING_OUT_RULE


def test_without_reference_figures_the_sentence_says_so(store):
    people(store, 8, "F", sex="female", age="35_49")
    result = leaving_out(store)
    assert not result.has_reference
    assert result.sentence == (
        "The area's reference population has not been entered, so the people involved cannot "
        "be compared with it."
    )
    female = groups(result, "sex")["female"]
    assert (female.share, female.reference, female.difference) == (1.0, None, None)
    assert not result.under_represented
    assert result.sentence in analyse(store).to_text()


def test_sentences_for_no_people_and_too_few_answers(store):
    assert leaving_out(store).sentence == "No people have been recorded yet."
    people(store, 4, "F", sex="female")
    people(store, 6, "N")  # no equality answers
    result = leaving_out(store)
    assert result.sentence == "Too few people have answered the equality questions to compare."
    data = analyse(store).to_json()["leaving_out"]
    assert (data["people"], data["questions"]["sex"]["compared"]) == (10, "<5")
    assert all(g["share"] is None for g in data["questions"]["sex"]["groups"])


def test_reference_figures_of_a_question_this_version_lacks_are_listed(store):
    reference(store, "sex", female=0.5, male=0.5)
    people(store, 6, "F", sex="female")
    now = "2026-01-01T00:00:00.000000Z"
    with sqlite3.connect(store.path) as newer_version:
        for question, group in (("shoe_size", "large"), ("sex", "intersex")):
            newer_version.execute(
                'INSERT INTO reference_share (id, created_at, modified_at, question, "group", '
                "share) VALUES (?, ?, ?, ?, ?, 0.1)",
                (str(uuid.uuid4()), now, now, question, group),
            )
    newer_version.close()

    result = leaving_out(store)
    assert result.unknown_reference == ["shoe_size"]
    assert set(groups(result, "sex")) == {"female", "male", PREFER_NOT_TO_SAY, NOT_ANSWERED}
    data = analyse(store).to_json()["leaving_out"]
    assert data["unknown_reference_questions"] == ["shoe_size"]


def test_answers_of_deleted_people_do_not_count(store):
    people(store, 6, "F", sex="female")
    gone = store.add(Person(name="Gone", equality={"sex": "male"}))
    store.delete(Person, gone.id)
    result = leaving_out(store)
    assert result.people == 6
    assert groups(result, "sex")["male"].shown == "<5"
    assert groups(result, "sex")["female"].share == 1.0


def test_the_json_never_holds_a_hidden_count(store):
    reference(store, "ethnicity", white=0.7, asian=0.1, black=0.1, mixed=0.05, other=0.05)
    reference(store, "sex", female=0.5, male=0.5)
    people(store, 12, "W", ethnicity="white", sex="female", age="25_34")
    people(store, 3, "A", ethnicity="asian", sex="male", age="50_64")
    people(store, 1, "B", ethnicity="black", sex="male")
    people(store, 4, "M", ethnicity="mixed", sex=PREFER_NOT_TO_SAY, age="25_34")

    result = analyse(store)
    data = result.to_json()["leaving_out"]
    json.dumps(data)
    assert set(data["questions"]) == {q.key for q in QUESTIONS}
    hidden = 0
    for key, q in data["questions"].items():
        assert q["compared"] == "<5" or q["compared"] >= 5
        for g in q["groups"]:
            if g["shown"] in ("<5", WITHHELD):
                hidden += 1
                assert (g["count"], g["share"], g["difference"]) == (None, None, None), (key, g)
            else:
                assert g["count"] >= 5 and g["shown"] == f"{g['count']:,}", (key, g)
    assert hidden > 10
    # The text shows the same: "<5" and "hidden", never the number.
    assert "  Asian, Asian British or Asian Welsh: <5 people, hidden against 10.0%" in (
        result.to_text()
    )


def test_a_hidden_total_does_not_make_every_group_under_represented(store):
    # The area's figures include "Prefer not to say", so only "No answer" is left out of the
    # comparison: 3 people, hidden, and the number compared would give it away. So the number
    # compared and every share are hidden, but the groups are still judged on the real shares.
    reference(store, "sex", female=0.5, male=0.45, prefer_not_to_say=0.05)
    people(store, 10, "F", sex="female")
    people(store, 10, "M", sex="male")
    people(store, 3, "N")  # no equality answers
    result = leaving_out(store)
    sex = next(q for q in result.questions if q.question == "sex")
    assert sex.compared is None
    assert all(g.share is None for g in sex.groups)
    assert groups(result, "sex")["not_answered"].shown == "<5"
    assert result.under_represented == []


def test_a_hidden_group_not_marked_under_represented_does_not_give_its_count_away(store):
    """Bug (issue 21): 4 of 20 answered "Asian" where the area has 25%: 5 expected, and 4 is
    not below 80% of them, so the group was not marked; a reader then knew the "<5" was 4
    (any fewer would have been marked). Now a hidden group is marked, or not, only where
    every count it could have gives the same answer; else it is not said (None)."""
    reference(store, "ethnicity", white=0.75, asian=0.25)
    people(store, 16, "W", ethnicity="white")
    people(store, 4, "A", ethnicity="asian")

    ethnicity = groups(leaving_out(store), "ethnicity")
    asian, white = ethnicity["asian"], ethnicity["white"]
    assert (asian.count, asian.shown, asian.under_represented) == (None, SUPPRESSED, None)
    # 16 would give the 4 away (20 compared): hidden, as "hidden", not "<5".
    assert (white.count, white.shown) == (None, WITHHELD)
    assert white.under_represented is None  # under for 5 to 11 people, not for 12 to 20


def test_a_hidden_group_under_represented_whatever_its_count_is_marked(store):
    reference(store, "ethnicity", white=0.5, asian=0.5)
    people(store, 16, "W", ethnicity="white")
    people(store, 4, "A", ethnicity="asian")  # 10 expected: 0 to 4 are all too few

    result = leaving_out(store)
    asian = groups(result, "ethnicity")["asian"]
    assert (asian.count, asian.under_represented) == (None, True)
    assert [g.group for g in result.under_represented] == ["asian"]
