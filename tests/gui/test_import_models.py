"""What the import wizard's mapping and preview show, without a window: the Qt-free models."""

from pathlib import Path

from coprod_desktop.domain import records as r
from coprod_desktop.exchange.importing.plan import ImportPlan, ImportProblem, SheetPlan
from coprod_desktop.gui.importing import mapping_model, preview_model
from coprod_desktop.gui.importing.reading import column_letter, headers_key, sample_text


def test_column_letters_samples_and_header_keys():
    assert [column_letter(n) for n in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert sample_text(3.0) == "3" and sample_text(True) == "Yes"
    assert sample_text("x" * 50) == "x" * 39 + "…"
    # The same headers, spaced or cased differently, find the same remembered mapping.
    assert headers_key(["Full  name", "Email"]) == headers_key(["full name", "EMAIL"])
    assert headers_key(["Name", "Email"]) != headers_key(["Email", "Name"])


def test_the_fields_offered_leave_out_our_ids_and_name_the_hats():
    fields = mapping_model.fields_of("people")
    assert "name" in {c.key for c in fields}
    assert not any(c.kind in (mapping_model.L.Kind.ID, mapping_model.L.Kind.REF) for c in fields)
    assert any(mapping_model.field_label(c).startswith("Hat: ") for c in fields)
    assert mapping_model.fields_of("") == []


def test_choosing_another_kind_of_record_keeps_what_fits_and_matches_the_rest():
    before = {"Full name": "name", "E-mail address": "email", "Where": ""}
    assert mapping_model.carried_over(before, "assets")["E-mail address"] == ""
    people = mapping_model.carried_over({"Full name": "", "Mail": "", "Shoe size": ""}, "people")
    assert people == {"Full name": "name", "Mail": "email", "Shoe size": ""}
    assert mapping_model.carried_over(before, "") == {}


def test_the_problems_of_a_sheets_choices():
    problems = mapping_model.sheet_problems
    assert problems("Volunteers", "", {"A": ""}) == []
    assert problems("Volunteers", "people", {"Full name": "name", "Email": "email"}) == []
    (twice,) = problems("Volunteers", "people", {"Name": "name", "Full name": "name"})
    assert "“Name” and “Full name” are both set to fill “Name”" in twice
    (none,) = problems("Volunteers", "people", {"Name": "", "Email": ""})
    assert "no column is set to fill a field" in none
    (missing,) = problems("Volunteers", "people", {"Email": "email"})
    assert missing == "Volunteers: every row needs “Name”; choose the column that gives it."


def plan_with(problems, new=2, changed=0) -> ImportPlan:
    sheet = SheetPlan("People", r.Person, new=new, changed=changed, unchanged=1, errors=1)
    return ImportPlan(Path("volunteers.csv"), False, False, False, [sheet], problems)


def test_the_preview_lists_the_whole_files_problems_first_as_sentences():
    note = ImportProblem("People", 2, None, "column not imported", "map it", "warning")
    error = ImportProblem("People", 4, "D (Consent date)", "not a date", "write it day first")
    whole = ImportProblem(preview_model.WHOLE_FILE, None, None, "from another audit", "")
    ordered = preview_model.ordered([note, error, whole])
    assert ordered == [whole, error, note]
    assert preview_model.problem_cells(error) == [
        "People",
        "4",
        "D (Consent date)",
        "Not a date.",
        "Write it day first.",
    ]
    rows = preview_model.problem_rows(ordered)
    assert rows[0] == [*preview_model.PROBLEM_HEADERS, "Error or warning"]
    assert [row[-1] for row in rows[1:]] == ["Error", "Error", "Warning"]
    heading = preview_model.problems_heading(ordered, 2)
    assert heading.startswith("Problems: 2 errors and 1 warning. Rows with an error are not")
    assert "The first 2 are listed here" in heading
    assert preview_model.problems_heading([], 0) == "No problems found."


def test_the_note_under_the_preview():
    error = ImportProblem("People", 4, None, "not a date", "")
    plan = plan_with([error])
    assert preview_model.summary_rows(plan) == [["People", 2, 0, 1, 0, 1]]
    assert preview_model.note(plan, valid_only=False) == (preview_model.ERRORS_NOTE, True)
    assert preview_model.note(plan, valid_only=True) == (preview_model.UNDO_NOTE, False)
    nothing = plan_with([], new=0)
    assert preview_model.note(nothing, valid_only=False) == (preview_model.NOTHING_NOTE, False)
