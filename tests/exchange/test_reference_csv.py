"""Reading and writing the reference population as a CSV, as council officers make them."""

import hashlib
from pathlib import Path

import pytest

from coprod_desktop.domain import ReferenceShare
from coprod_desktop.domain.equality import QUESTIONS
from coprod_desktop.exchange.importing.reference_csv import (
    ReferenceCsvError,
    read_reference_csv,
    write_reference_csv,
)
from coprod_desktop.paths import resource_path
from coprod_desktop.sample import read_reference_population

ETHNICITY = [
    ("Asian, Asian British or Asian Welsh", "7.2"),
    ("Black, Black British, Black Welsh, Caribbean or African", "3.1"),
    ("Mixed or Multiple ethnic groups", "2.2"),
    ("White", "86.2"),
    ("Other ethnic group", "1.3"),
]
ETHNICITY_SHARES = {"asian": 0.072, "black": 0.031, "mixed": 0.022, "white": 0.862, "other": 0.013}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def shares_of(table, question: str) -> dict[str, float]:
    return {s.group: s.share for s in table.shares if s.question == question}


def assert_ethnicity(table) -> None:
    assert shares_of(table, "ethnicity") == pytest.approx(ETHNICITY_SHARES)


def labelled_rows(separator: str = ",", percent: str = "", source: str = "") -> str:
    lines = []
    for group, value in ETHNICITY:
        cells = ["Ethnic group", f'"{group}"' if separator in group else group]
        cells += [value + percent, source]
        lines.append(separator.join(cells))
    return "\r\n".join(lines) + "\r\n"


# -- what a reader accepts ----------------------------------------------------------------------


def test_the_sample_file_reads_as_the_generator_reads_it():
    table = read_reference_csv(resource_path("sample", "reference_population.csv"))
    expected = read_reference_population()
    assert [(s.question, s.group, s.share) for s in table.shares] == expected
    assert table.notes == ()
    assert len(table.questions) == 11


def test_excel_utf8_with_bom_labels_and_percent_signs(tmp_path):
    source = "Census 2021, TS021, Tŷ Brackenford"
    text = "Question,Group,Share,Source\r\n" + labelled_rows(",", "%", f'"{source}"')
    path = write(tmp_path / "ethnicity.csv", text, "utf-8-sig")
    table = read_reference_csv(path)
    assert_ethnicity(table)
    assert table.source == source
    assert {s.source for s in table.shares} == {source}
    assert table.questions == ("ethnicity",)


def test_utf8_without_bom(tmp_path):
    text = "question,group,share\n" + labelled_rows(",", "%")
    assert_ethnicity(read_reference_csv(write(tmp_path / "plain.csv", text)))


def test_windows_1252_with_pound_signs_and_curly_quotes(tmp_path):
    source = "Cyngor Sir Brackenford’s figures, £0 to obtain, café data"
    text = "question,group,percentage,source\r\n" + labelled_rows(",", "", f'"{source}"')
    path = write(tmp_path / "cp1252.csv", text, "cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    table = read_reference_csv(path)
    assert_ethnicity(table)
    assert table.source == source


def test_semicolons_and_decimal_commas(tmp_path):
    text = "Characteristic;Category;Percentage\n" + labelled_rows(";").replace(".", ",")
    table = read_reference_csv(write(tmp_path / "semicolon.csv", text))
    assert_ethnicity(table)


def test_tab_separated_utf16_as_excel_saves_unicode_text(tmp_path):
    text = "Topic\tAnswer\tProportion\n" + "".join(
        f"Ethnic group\t{group}\t{float(value) / 100}\n" for group, value in ETHNICITY
    )
    table = read_reference_csv(write(tmp_path / "unicode.txt", text, "utf-16"))
    assert_ethnicity(table)


def test_plain_numbers_adding_up_to_100_are_percentages(tmp_path):
    text = "question,group,share\n" + labelled_rows(",")
    assert_ethnicity(read_reference_csv(write(tmp_path / "percent.csv", text)))


def test_fractions_stay_fractions(tmp_path):
    text = "question,group,share\nSex,Female,0.509\nSex,Male,0.491\n"
    table = read_reference_csv(write(tmp_path / "fractions.csv", text))
    assert shares_of(table, "sex") == pytest.approx({"female": 0.509, "male": 0.491})


def test_codes_and_labels_in_any_case_and_spacing_read_the_same(tmp_path):
    codes = "question,group,share\n" + "".join(
        f"ethnicity,{code},{share}\n" for code, share in ETHNICITY_SHARES.items()
    )
    labels = "question,group,share\n" + "".join(
        f'"  ETHNIC   group ","{group.lower()}  ",{value}%\n' for group, value in ETHNICITY
    )
    by_codes = read_reference_csv(write(tmp_path / "codes.csv", codes))
    by_labels = read_reference_csv(write(tmp_path / "labels.csv", labels))
    assert_ethnicity(by_codes)
    assert_ethnicity(by_labels)
    assert [(s.question, s.group) for s in by_codes.shares] == [
        (s.question, s.group) for s in by_labels.shares
    ]


def test_columns_in_any_order_extra_columns_and_a_title_above_the_header(tmp_path):
    text = (
        "Brackenford reference population\n"
        "Made from the Census 2021 tables\n"
        "\n"
        "Notes,Percentage (%),Category,Characteristic,Source\n"
        + "".join(f'x,{value},"{group}",Ethnic group,ONS TS021\n' for group, value in ETHNICITY)
    )
    table = read_reference_csv(write(tmp_path / "titled.csv", text))
    assert_ethnicity(table)
    assert table.source == "ONS TS021"


def test_a_file_without_a_header_in_the_sample_order(tmp_path):
    text = "".join(f"ethnicity,{code},{share}\n" for code, share in ETHNICITY_SHARES.items())
    assert_ethnicity(read_reference_csv(write(tmp_path / "bare.csv", text)))


def test_groups_left_out_are_accepted_with_a_note(tmp_path):
    text = "question,group,share\nEthnic group,White,86.2%\nEthnic group,Asian,\n"
    text = text.replace("Asian,", '"Asian, Asian British or Asian Welsh",')
    table = read_reference_csv(write(tmp_path / "short.csv", text))
    assert shares_of(table, "ethnicity") == pytest.approx({"white": 0.862})
    [note] = table.notes
    assert "'Ethnic group' add up to 86.2%, not 100%" in note
    assert "'Mixed or Multiple ethnic groups'" in note and "'White'" not in note


def test_rounding_to_just_over_100_is_accepted(tmp_path):
    text = "question,group,share\nSex,Female,50.6%\nSex,Male,50.4%\n"
    table = read_reference_csv(write(tmp_path / "rounded.csv", text))
    assert sum(shares_of(table, "sex").values()) == pytest.approx(1.01)
    assert table.notes == ()


def test_a_footnote_row_is_skipped_with_a_note(tmp_path):
    text = "question,group,share\nSex,Female,0.5\nSex,Male,0.5\nSource: ONS,,\n"
    table = read_reference_csv(write(tmp_path / "footnote.csv", text))
    assert len(table.shares) == 2
    assert table.notes == ("Row 4 was skipped: it names no group and no share.",)


# -- writing, for Excel ----------------------------------------------------------------------------


def test_written_file_reads_back_the_same(tmp_path):
    original = read_reference_csv(resource_path("sample", "reference_population.csv")).shares
    shares = [
        ReferenceShare(question=s.question, group=s.group, share=s.share, source="Tŷ £ data")
        for s in original
    ]
    path = write_reference_csv(tmp_path / "out.csv", shares)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "question,group,percentage,source"
    assert lines[1] == "Age,Under 16,17.5,Tŷ £ data"
    back = read_reference_csv(path)
    assert [(s.question, s.group, s.source) for s in back.shares] == [
        (s.question, s.group, s.source) for s in shares
    ]
    assert [s.share for s in back.shares] == pytest.approx([s.share for s in shares], abs=1e-12)


def test_a_template_of_every_group_reads_back_only_the_figures_given(tmp_path):
    shares = [ReferenceShare(question="sex", group="female", share=0.51, source="")]
    path = write_reference_csv(tmp_path / "template.csv", shares, every_group=True)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + sum(len(q.answers) for q in QUESTIONS)
    assert "Ethnic group,White,," in lines
    table = read_reference_csv(path)
    assert [(s.question, s.group, s.share) for s in table.shares] == [("sex", "female", 0.51)]


# -- what a reader refuses, and how it says so -------------------------------------------------


def refused(path: Path) -> ReferenceCsvError:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ReferenceCsvError) as caught:
        read_reference_csv(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # never written to
    assert str(caught.value).startswith(path.name)
    return caught.value


def test_binary_file(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = refused(path)
    assert str(error) == (
        "picture.csv: this is not a CSV file: it holds binary data, not text. Choose a CSV "
        "file with the columns question, group and share (in Excel: File > Save As, "
        "'CSV UTF-8')."
    )


def test_excel_workbook(tmp_path):
    path = tmp_path / "census.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    error = refused(path)
    assert "this is an Excel workbook or another zipped file, not a CSV file." in str(error)
    assert "'CSV UTF-8 (Comma delimited)'" in error.advice


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n  \r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert str(refused(path)) == (
        "empty.csv: the file is empty. Choose a CSV file with a row for each group: question, "
        "group and share."
    )


def test_no_recognisable_header(tmp_path):
    path = write(tmp_path / "people.csv", "name,age,town\nGwen,34,Brackenford\n")
    error = refused(path)
    assert (error.row, error.column) == (1, None)
    assert str(error).startswith(
        "people.csv, row 1: no header row names the columns for the question, the group and "
        "the share. Put the column names question, group and share"
    )


def test_header_without_figures(tmp_path):
    path = write(tmp_path / "header.csv", "question,group,share\n")
    assert "there are no figures under the header" in str(refused(path))


def test_unknown_question_lists_the_questions(tmp_path):
    path = write(
        tmp_path / "typo.csv", "question,group,share\nSex,Female,0.5\nEthnicty,White,0.8\n"
    )
    error = refused(path)
    assert (error.row, error.column) == (3, "A (question)")
    assert str(error) == (
        "typo.csv, row 3, column A (question): 'Ethnicty' is not one of the equality questions. "
        "Use one of: 'Age', 'Disability', 'Gender reassignment', 'Marriage and civil "
        "partnership', 'Pregnancy and maternity', 'Ethnic group', 'Religion or belief', 'Sex', "
        "'Sexual orientation', 'Unpaid carer', 'Welsh language'."
    )


def test_unknown_group_lists_the_answers(tmp_path):
    path = write(tmp_path / "group.csv", "question;group;share\nEthnic group;Asian British;7.2\n")
    assert str(refused(path)) == (
        "group.csv, row 2, column B (group): 'Asian British' is not an answer to 'Ethnic "
        "group'. Use one of: 'Asian, Asian British or Asian Welsh', 'Black, Black British, "
        "Black Welsh, Caribbean or African', 'Mixed or Multiple ethnic groups', 'White', "
        "'Other ethnic group', 'Prefer not to say'."
    )


def test_share_not_a_number(tmp_path):
    path = write(tmp_path / "words.csv", "group,question,percentage\nFemale,Sex,about half\n")
    assert str(refused(path)) == (
        "words.csv, row 2, column C (percentage): 'about half' is not a number. Write the "
        "share as a fraction (0.072) or a percentage (7.2%)."
    )


def test_negative_share(tmp_path):
    path = write(tmp_path / "negative.csv", "question,group,share\nSex,Female,-0.1\n")
    assert str(refused(path)) == (
        "negative.csv, row 2, column C (share): the share -0.1 is below zero. A share is "
        "between 0 and 100%."
    )


def test_share_over_100_percent(tmp_path):
    path = write(tmp_path / "over.csv", "question,group,share\nSex,Female,120%\n")
    error = refused(path)
    assert str(error).startswith(
        "over.csv, row 2, column C (share): the share 120% is more than 100%."
    )
    assert "numbers of people" in error.advice


def test_the_same_group_twice_by_code_and_by_label(tmp_path):
    text = "question,group,share\nethnicity,white,0.8\nSex,Male,0.5\nEthnic group,WHITE,0.1\n"
    error = refused(write(tmp_path / "twice.csv", text))
    assert (error.row, error.column) == (4, "B (group)")
    assert str(error) == (
        "twice.csv, row 4, column B (group): 'White' of 'Ethnic group' is given twice "
        "(rows 2 and 4). Keep one of the two rows."
    )


def test_shares_of_a_question_adding_to_more_than_100_percent(tmp_path):
    text = "question,group,share\nSex,Female,60%\nAge,Under 16,0.2\nSex,Male,45%\n"
    error = refused(write(tmp_path / "total.csv", text))
    assert error.rows == (2, 4)
    assert str(error).startswith(
        "total.csv, rows 2 and 4, column C (share): the shares of 'Sex' add up to 105.0%, "
        "more than 100%. Check for a group counted twice"
    )


def test_counts_of_people_are_refused(tmp_path):
    text = "question,group,share\nSex,Female,5123\nSex,Male,4877\n"
    error = refused(write(tmp_path / "counts.csv", text))
    assert "the share 5123 is more than 100%" in str(error)
    assert "turn them into percentages" in str(error)


def test_missing_file(tmp_path):
    with pytest.raises(ReferenceCsvError, match=r"^gone.csv: the file could not be read"):
        read_reference_csv(tmp_path / "gone.csv")


def test_a_file_far_too_large_for_a_table_of_shares(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"question,group,share\n" + b"Sex,Female,0.5\n" * 400_000)
    error = refused(path)
    assert "the file is too large for a table of shares (6 MB)." in str(error)


def test_a_quote_never_closed(tmp_path):
    path = write(tmp_path / "quote.csv", 'question,group,share\nSex,"Female,0.5\nSex,Male,0.5\n')
    error = refused(path)
    assert "row 2" in str(error)


# -- one CSV reader: the spreadsheet reader's, as an import reads a file -----------------------


def test_utf16_without_a_mark_is_read_as_an_import_reads_it(tmp_path):
    text = "question,group,share\n" + labelled_rows(",", "%")
    assert_ethnicity(read_reference_csv(write(tmp_path / "utf16le.csv", text, "utf-16-le")))


def test_a_line_in_another_encoding_gets_the_import_s_note(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = ["question,group,share,source", *labelled_rows(",", "%", "Tŷ").splitlines()]
    data = "\n".join(lines).encode("utf-8") + "\nSex,Female,51%,Caf\u00e9\n".encode("cp1252")
    path.write_bytes(data)
    table = read_reference_csv(path)
    assert table.notes[0].startswith("Line 7 was not in UTF-8 like the rest of the file")
    assert {s.source for s in table.shares} == {"Tŷ", "Café"}


def test_a_quote_never_closed_is_refused_in_the_import_s_words(tmp_path):
    path = write(tmp_path / "quote.csv", 'question,group,share\nSex,"Female,0.5\nSex,Male,0.5\n')
    error = refused(path)
    assert (error.row, error.column) == (2, None)
    assert 'a quotation mark (") on this line is never closed' in error.problem
