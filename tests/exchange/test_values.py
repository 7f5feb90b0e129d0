"""Cells as people fill them in, turned into an audit's values or refused with what to write."""

from __future__ import annotations

import inspect
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod_desktop.domain import vocabulary
from coprod_desktop.domain.vocabulary import (
    Access,
    CapabilityKind,
    Coded,
    Element,
    Reciprocity,
    Rung,
)
from coprod_desktop.exchange.values import (
    DATE_ADVICE,
    ValueProblem,
    parse_choice,
    parse_choices,
    parse_date,
    parse_int,
    parse_text,
    parse_words,
    parse_yes_no,
    split_multi,
)

VOCABULARIES = [
    member
    for _, member in inspect.getmembers(vocabulary, inspect.isclass)
    if issubclass(member, Coded) and member is not Coded and len(member)
]
STRENGTHS = {0: "None", 1: "Weak", 2: "Moderate", 3: "Strong"}


def problem(call, *args, **kwargs) -> ValueProblem:
    with pytest.raises(ValueProblem) as caught:
        call(*args, **kwargs)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.problem and error.advice
    assert str(error) == f"{error.problem}. {error.advice}"
    return error


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (None, ""),
        ("  Riverside Hall \n", "Riverside Hall"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (447700900123.0, "447700900123"),  # a phone number Excel stored as a number
        (True, "Yes"),
        (False, "No"),
        (datetime(2025, 4, 3), "03/04/2025"),
        (datetime(2025, 4, 3, 14, 30), "03/04/2025 14:30"),
        (date(2025, 4, 3), "03/04/2025"),
        (time(9, 5), "09:05"),
        ("Tŷ Gwyn, Ŵyre", "Tŷ Gwyn, Ŵyre"),
    ],
)
def test_text(raw, text):
    assert parse_text(raw) == text


# -- dates -----------------------------------------------------------------------------------

APRIL_3 = date(2025, 4, 3)


@pytest.mark.parametrize(
    "raw",
    [
        "03/04/2025",
        "3/4/2025",
        "3/4/25",
        "03-04-2025",
        "3.4.2025",
        " 03 / 04 / 2025 ",
        "3 April 2025",
        "3 april 2025",
        "3rd Apr 2025",
        "3rd of April 2025",
        "April 3rd, 2025",
        "3-Apr-25",
        "03-Apr-2025",
        "Thursday 3 April 2025",
        "Thu, 3 Apr 2025",
        "2025-04-03",
        "2025/04/03",
        "2025-04-03T00:00:00",
        "2025-04-03 10:15:00",
        "20250403",
        "03/04/2025 14:30",
        "3 Ebrill 2025",  # Welsh
        datetime(2025, 4, 3, 9, 30),
        APRIL_3,
        45750,  # Excel's serial number
        45750.75,
        "45750",  # a serial number in a CSV file
        20250403,
    ],
)
def test_dates_in_every_common_uk_form(raw):
    assert parse_date(raw) == APRIL_3


@pytest.mark.parametrize("raw", [None, "", "   ", "\n"])
def test_an_empty_date_is_none(raw):
    assert parse_date(raw) is None


def test_excel_serial_numbers_from_the_first_day():
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(61) == date(1900, 3, 1)
    assert parse_date(80_000) == date(2119, 1, 11)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("31/02/2025", "'31/02/2025' is not a date: there is no such day"),
        ("31 February 2025", "'31 February 2025' is not a date: there is no such day"),
        ("04/13/2025", "'04/13/2025' is not a date: there is no month 13"),  # American order
        ("2025-13-01", "'2025-13-01' is not a date: there is no month 13"),
        ("April 2025", "'April 2025' is not a whole date"),
        ("3 April", "'3 April' is not a whole date"),
        ("Monday", "'Monday' is not a whole date"),
        ("soon", "'soon' is not a date"),
        ("TBC", "'TBC' is not a date"),
        ("2025", "'2025' is not a date"),
        ("12.5", "'12.5' is not a date"),
        ("1/2", "'1/2' is not a date"),
        ("3 April 2025 or later", "'3 April 2025 or later' is not a date"),
        ("3/4/1825", "the year is 1825"),
        (True, "'Yes' is not a date"),
        (0, "'0' is not a date"),
        (-3, "'-3' is not a date"),
        (90_000, "'90000' is not a date"),
        (2.5e300, "is not a date"),
    ],
)
def test_what_is_not_a_date_is_refused_with_how_to_write_it(raw, said):
    error = problem(parse_date, raw)
    assert said in error.problem
    assert error.advice.startswith(DATE_ADVICE)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_any_date_written_as_people_write_it_reads_back(day):
    for text in (
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        day.isoformat(),
    ):
        assert parse_date(text) == day, text


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.booleans(), st.none()))
def test_a_date_cell_never_fails_but_with_a_plain_problem(raw):
    try:
        result = parse_date(raw)
    except ValueProblem as error:
        assert error.advice.startswith(DATE_ADVICE)
    else:
        assert result is None or isinstance(result, date)


# -- yes or no -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Yes",
        "yes",
        "YES",
        " y ",
        "Y",
        "true",
        "TRUE",
        "1",
        "x",
        "X",
        "ticked",
        "✓",
        "✔",
        True,
        1,
        1.0,
    ],
)
def test_yes(raw):
    assert parse_yes_no(raw) is True


@pytest.mark.parametrize(
    "raw", ["No", "no", "NO", "n", "N", "false", "False", "0", "unticked", "✗", False, 0, 0.0]
)
def test_no(raw):
    assert parse_yes_no(raw) is False


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_an_empty_yes_no_is_none(raw):
    assert parse_yes_no(raw) is None


@pytest.mark.parametrize("raw", ["maybe", "yes and no", 2, "2", -1, datetime(2025, 4, 3)])
def test_what_is_not_yes_or_no_is_refused(raw):
    error = problem(parse_yes_no, raw)
    assert "is not Yes or No" in error.problem
    assert "Yes or No" in error.advice


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 2 ", 2),
        ("3.0", 3),
        ("0", 0),
        ("3 - Strong", 3),
        ("2 (moderate)", 2),
        ("Strong", 3),
        ("weak", 1),
        (None, None),
        ("", None),
    ],
)
def test_whole_numbers_in_a_range(raw, number):
    assert parse_int(raw, 0, 3, labels=STRENGTHS) == number


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("7", "7 is not between 0 and 3"),
        (-1, "-1 is not between 0 and 3"),
        ("2.5", "'2.5' is not a whole number"),
        (2.5, "'2.5' is not a whole number"),
        ("3-5", "'3-5' is not a number"),
        ("lots", "'lots' is not a number"),
        (True, "'Yes' is not a number"),
    ],
)
def test_what_is_not_a_number_in_range_is_refused(raw, said):
    error = problem(parse_int, raw, 0, 3)
    assert error.problem == said
    assert error.advice == "Write a whole number from 0 to 3, or leave it empty."


def test_labels_of_numbers_are_listed_in_the_advice():
    error = problem(parse_int, "very strong", 0, 3, labels=STRENGTHS)
    assert "0 None, 1 Weak, 2 Moderate, 3 Strong" in error.advice


# -- coded values ----------------------------------------------------------------------------


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_choice_by_its_label_or_code_in_any_case(vocab):
    for member in vocab:
        assert parse_choice(vocab, member.label) is member
        assert parse_choice(vocab, member.value) is member
        assert parse_choice(vocab, f"  {member.label.upper()} ") is member
        assert parse_choice(vocab, member.label.replace(" ", "_").lower()) is member
        assert parse_choice(vocab, member) is member


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.__name__)
def test_several_choices_as_an_export_writes_them_read_back(vocab):
    """No label holds a separator: "A; B" written by the export reads back as A and B."""
    assert parse_choices(vocab, "; ".join(m.label for m in vocab)) == tuple(vocab)


def test_forgiving_spelling_of_choices():
    assert parse_choice(Rung, "Co design") is Rung.CO_DESIGN
    assert parse_choice(Rung, "codesign") is Rung.CO_DESIGN
    assert parse_choice(Rung, "CO-PRODUCTION") is Rung.CO_PRODUCTION
    assert parse_choice(Access, "step free") is Access.STEP_FREE
    assert parse_choice(CapabilityKind, "Hands") is CapabilityKind.HANDS  # label before ":"
    assert parse_choice(CapabilityKind, "head: knowledge") is CapabilityKind.HEAD


def test_elements_by_either_naming():
    for element in Element:
        assert parse_choice(Element, element.info.nef_name) is element
        assert parse_choice(Element, element.info.lga_name) is element
    assert parse_choice(Element, "mutuality") is Element.RECIPROCITY
    assert parse_choice(Element, "Assets") is Element.ASSETS  # the label before ":"
    assert parse_choice(Element, "Shared roles") is Element.BLURRING


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_an_empty_choice_is_none(raw):
    assert parse_choice(Rung, raw) is None
    assert parse_choices(Access, raw) == ()


def test_an_unknown_choice_is_refused_with_the_choices():
    error = problem(parse_choice, Rung, "Partnership")
    assert error.problem == "'Partnership' is not one of the choices"
    assert error.advice == (
        "Use one of 'Coercion', 'Educating', 'Informing', 'Consultation', 'Engagement', "
        "'Co-design' or 'Co-production'."
    )


def test_a_choice_spelt_nearly_right_gets_a_suggestion():
    error = problem(parse_choice, Rung, "Consultaton")
    assert error.advice.startswith("Did you mean 'Consultation'? Use one of 'Coercion'")


def test_several_choices_in_one_cell():
    assert parse_choices(Access, "Step-free access; hearing loop, BSL/large print\nstep free") == (
        Access.STEP_FREE,
        Access.HEARING_LOOP,
        Access.BSL,
        Access.LARGE_PRINT,
    )
    assert parse_choices(Reciprocity, ("payment", Reciprocity.LEARNING)) == (
        Reciprocity.PAYMENT,
        Reciprocity.LEARNING,
    )
    assert parse_choices(Access, Access.BSL) == (Access.BSL,)


def test_unknown_values_among_several_are_named_together():
    error = problem(parse_choices, Access, "Step-free; lift; ramp")
    assert error.problem == "'lift' and 'ramp' are not among the choices"
    assert "'Step-free access'" in error.advice and error.advice.endswith("separated by ;.")
    one = problem(parse_choices, Access, "Step-free; lift")
    assert one.problem == "'lift' is not one of the choices"


# -- several words ---------------------------------------------------------------------------


def test_words_are_split_trimmed_and_kept_once():
    assert parse_words("Welsh; English, welsh\n BSL ;; ") == ("Welsh", "English", "BSL")
    assert parse_words("gardening and/or cooking") == ("gardening and/or cooking",)
    assert parse_words(None) == ()
    assert parse_words(("Polish", "Urdu; Polish")) == ("Polish", "Urdu")
    assert parse_words("Cymraeg; Tŷ; Ŵyn") == ("Cymraeg", "Tŷ", "Ŵyn")


def test_split_multi():
    assert split_multi("a; b, c / d\ne\r\nf") == ["a", "b", "c", "d", "e", "f"]
    assert split_multi("• first\n• second\n- third") == ["first", "second", "third"]
    assert split_multi("a/b", slash=False) == ["a/b"]
    assert split_multi(None) == []
    assert split_multi("  ;  , ") == []
    assert split_multi(12) == ["12"]


CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.sampled_from(["yes", "Co-design", "3 - Strong", "a; b, c", "03/04/2025", "✓", " "]),
)


@given(CELLS)
def test_any_cell_gives_a_value_or_a_plain_problem(raw):
    for parse in (
        parse_text,
        parse_yes_no,
        parse_words,
        split_multi,
        lambda r: parse_int(r, 0, 3, labels=STRENGTHS),
        lambda r: parse_choice(Rung, r),
        lambda r: parse_choices(Access, r),
        lambda r: parse_choice(Element, r),
    ):
        try:
            parse(raw)
        except ValueProblem as error:
            assert error.problem and error.advice
