"""The mapping page of the import wizard, as a person uses it for partners' real files: a
sign-up sheet's capabilities in columns, a value for the whole sheet (consent, a category),
the sheet's own values turned into ours ("Listed" is Active, "Yse" is Yes), what a sheet
without a required field says before going on, and all of it remembered for next time."""

from pathlib import Path

from acting import pick
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from test_exchange_import import (
    choose,
    next_page,
    open_in,
    start_import,
    summary,
    wait_for_preview,
)

from coprod_desktop.domain import Capability, CommunityAsset, Person
from coprod_desktop.domain.vocabulary import (
    AssetCategory,
    AssetStatus,
    CapabilityKind,
    ConsentScope,
    Hat,
)
from coprod_desktop.gui.importing import mapping_model
from coprod_desktop.gui.importing import mapping_page as page_module
from coprod_desktop.gui.importing.reading import KEPT_ROWS
from coprod_desktop.gui.importing.wizard import MAPPING_PAGE, PREVIEW_PAGE, RESULT_PAGE

# A volunteer sign-up sheet: their gifts in columns, a "Volunteer?" column with a slip, and
# no consent column (the partner collected consent to share with partners on the form).
SIGNUP_CSV = (
    "Name,Email,I can help with,What I care about,Volunteer?\r\n"
    'Gwen Morgan,gwen@example.org,"Gardening; cooking",Young people,Yes\r\n'
    'Aled Price,aled@example.org,IT help / form filling,"Loneliness, housing",Yse\r\n'
)
# A council's register of Assets of Community Value: a title row, no category column, and
# "Listed" in the status column (listed as an ACV), which is not a status of ours.
REGISTER_CSV = (
    "Brackenford Council: Assets of Community Value,,,,\r\n"
    "Asset name,Address,Ward,Postcode,Status\r\n"
    "The Old Library,1 High Street,Riverside,AB1 2CD,Listed\r\n"
    "Cwm Allotments,Cwm Lane,Cwm,AB2 3EF,Listed\r\n"
    "St Mary's Hall,Church Road,Riverside,AB1 4GH,At risk\r\n"
    "The Red Lion,2 Market Square,Town Centre,AB1 5JK,closed\r\n"
)


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def to_mapping_page(qtbot, window, path: Path):
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, path)
    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    return wizard, wizard.mapping_page.tab(path.stem)


def import_from_preview(qtbot, window, wizard) -> str:
    assert wizard.import_button().isEnabled()
    qtbot.mouseClick(wizard.import_button(), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == RESULT_PAGE
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(finish.isEnabled, timeout=20_000)
    text = wizard.result_page.summary.text()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    return text


def shown_texts(tab) -> list[str]:
    """Every text of the tab's drop-downs and tables, as the user reads them."""
    texts = [combo.itemText(i) for combo in tab.combos.values() for i in range(combo.count())]
    for table in (tab.table, tab.whole.table, tab.theirs.table):
        texts += [
            table.item(row, column).text()
            for row in range(table.rowCount())
            for column in range(table.columnCount())
            if table.item(row, column) is not None
        ]
    add = tab.whole.add_combo
    return texts + [add.itemText(i) for i in range(add.count())]


def test_a_sign_up_sheet_gets_consent_for_the_whole_sheet_and_imports_capabilities(
    qtbot, window, audit_path, tmp_path
):
    source = write(tmp_path / "signup.csv", SIGNUP_CSV)
    open_in(qtbot, window, audit_path)
    wizard, tab = to_mapping_page(qtbot, window, source)
    assert tab.entity == "people"
    # Their gifts in columns are guessed as capabilities of each person, in plain words.
    assert tab.combos["I can help with"].currentText().startswith("Capabilities: hands")
    assert tab.combos["What I care about"].currentText().startswith("Capabilities: heart")
    assert not any("capabilities:" in text or "hats:" in text for text in shown_texts(tab))
    # "Yse" is not Yes or No: it is shown, with Yes chosen as what it was meant to be.
    assert tab.theirs.box.isVisible()
    assert tab.theirs.combos[("hats:volunteer", "Yse")].currentText() == "Yes"
    # Nothing is needed for every row; consent is given for the whole sheet.
    assert tab.whole.table.isHidden()
    pick(tab.whole.add_combo, "Consent covers")
    qtbot.mouseClick(tab.whole.add_button, Qt.MouseButton.LeftButton)
    assert tab.whole.table.isVisible()
    pick(tab.whole.editors["consent_scope"], "Partner organisations")

    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    page = wait_for_preview(qtbot, wizard)
    assert summary(page)["signup"][0] == "2"  # new
    assert "signup: 9 added" in import_from_preview(qtbot, window, wizard)  # 2 people, 7 gifts

    store = window.session.store
    people = {p.name: p for p in store.page(Person)}
    assert {p.consent_scope for p in people.values()} == {ConsentScope.PARTNERS}
    assert Hat.VOLUNTEER in people["Aled Price"].hats
    gifts = {(c.person_id, c.kind, c.description) for c in store.page(Capability)}
    gwen, aled = people["Gwen Morgan"].id, people["Aled Price"].id
    assert gifts == {
        (gwen, CapabilityKind.HANDS, "Gardening"),
        (gwen, CapabilityKind.HANDS, "cooking"),
        (gwen, CapabilityKind.HEART, "Young people"),
        (aled, CapabilityKind.HANDS, "IT help"),
        (aled, CapabilityKind.HANDS, "form filling"),
        (aled, CapabilityKind.HEART, "Loneliness"),
        (aled, CapabilityKind.HEART, "housing"),
    }

    # Next time, the same headers get the consent and the meaning of "Yse" again.
    wizard, tab = to_mapping_page(qtbot, window, source)
    assert "confirmed last time" in tab.note.text()
    assert tab.whole.editors["consent_scope"].currentText() == "Partner organisations"
    assert tab.theirs.combos[("hats:volunteer", "Yse")].currentText() == "Yes"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


def test_a_register_without_categories_gets_one_and_its_listed_status_becomes_active(
    qtbot, window, audit_path, tmp_path
):
    source = write(tmp_path / "register.csv", REGISTER_CSV)
    open_in(qtbot, window, audit_path)
    wizard, tab = to_mapping_page(qtbot, window, source)
    assert tab.entity == "assets"
    assert tab.combos["Status"].currentData() == "status"
    # The category every asset needs is offered first, marked; "Listed" is not guessed as
    # "Closed" (the nearest spelling): the user says what it means.
    assert tab.whole.table.item(0, tab.whole.FIELD).text() == "Category (needed)"
    listed = tab.theirs.combos[("status", "Listed")]
    assert listed.currentText() == "Leave as a problem"
    assert [key for key, _value in tab.theirs.combos] == ["status"]  # "closed" is Closed

    # Without a category the page says so, in plain words, and stays.
    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    problem = wizard.mapping_page.problem_label
    assert problem.isVisible()
    assert "register: every row needs “Category”" in problem.text()
    assert "Values for the whole sheet" in problem.text()

    pick(tab.whole.editors["category"], "Physical spaces")
    pick(listed, "Active")
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    page = wait_for_preview(qtbot, wizard)
    assert summary(page)["register"][0] == "4"
    assert "register: 4 added" in import_from_preview(qtbot, window, wizard)

    assets = {a.name: a for a in window.session.store.page(CommunityAsset)}
    assert {a.category for a in assets.values()} == {AssetCategory.PHYSICAL_SPACES}
    assert assets["The Old Library"].status is AssetStatus.ACTIVE
    assert assets["St Mary's Hall"].status is AssetStatus.AT_RISK
    assert assets["The Red Lion"].status is AssetStatus.CLOSED

    # The choices are remembered for a sheet with the same headers.
    wizard, tab = to_mapping_page(qtbot, window, source)
    assert tab.whole.editors["category"].currentText() == "Physical spaces"
    assert tab.theirs.combos[("status", "Listed")].currentText() == "Active"
    assert wizard.mapping_page.validatePage()
    assert wizard.mapping.sheets["register"].fixed == {"category": "Physical spaces"}
    assert wizard.mapping.sheets["register"].values == {"status": {"Listed": "Active"}}
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


def test_a_date_for_the_whole_sheet_that_is_not_a_date_is_said(qtbot, window, audit_path, tmp_path):
    source = write(tmp_path / "signup.csv", SIGNUP_CSV)
    open_in(qtbot, window, audit_path)
    wizard, tab = to_mapping_page(qtbot, window, source)
    pick(tab.whole.add_combo, "Consent given on")
    qtbot.mouseClick(tab.whole.add_button, Qt.MouseButton.LeftButton)
    field = tab.whole.editors["consent_date"]
    # A consent date needs what the consent covers: offered at once, first.
    fields = [tab.whole.table.item(row, 0).text() for row in range(tab.whole.table.rowCount())]
    assert fields == ["Consent covers (needed with a consent date)", "Consent given on"]
    qtbot.keyClicks(field, "31/02/2025")
    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    text = wizard.mapping_page.problem_label.text()
    assert "the value for every row of “Consent given on” is not a date" in text
    field.clear()
    qtbot.keyClicks(field, "3/4/2025")
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    assert wizard.mapping.sheets["signup"].fixed == {"consent_date": "2025-04-03"}
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


# -- what the page offers and says, without a window ---------------------------------------------


def test_a_slip_is_taken_for_the_choice_meant_and_another_word_is_not():
    assert mapping_model.likely_value("Yse", "people", "hats:volunteer") == "Yes"
    assert mapping_model.likely_value("Phyiscal spaces", "assets", "category") == (
        "Physical spaces"
    )
    assert mapping_model.likely_value("hart", "capabilities", "kind").startswith("Heart")
    assert mapping_model.likely_value("Listed", "assets", "status") == ""
    assert mapping_model.likely_value("Parks", "assets", "category") == ""


def test_the_fields_for_the_whole_sheet_and_what_a_sheet_lacks():
    fields = mapping_model.whole_sheet_fields("assets", {"Asset name": "name", "Status": "status"})
    keys = [c.key for c in fields]
    assert keys[0] == "category"  # required, so first
    assert "name" not in keys and "status" not in keys  # a column gives them
    people = [c.key for c in mapping_model.whole_sheet_fields("people", {"Name": "name"})]
    assert "consent_scope" in people and "hats:volunteer" in people
    assert not {"pseudonym", "email", "phone"} & set(people)  # never one for everyone
    assert not any(key.startswith(("capabilities:", "equality:")) for key in people)

    problems = mapping_model.sheet_problems
    (lacking,) = problems("Register", "assets", {"Asset name": "name"})
    assert lacking == (
        "Register: every row needs “Category”. Choose the column that gives it, or give one "
        "value for every row under “Values for the whole sheet”."
    )
    assert problems("Register", "assets", {"Asset name": "name"}, {"category": "Digital"}) == []
    # One column per kind of capability (the importer reads one column per field).
    both = {"Name": "name", "Skills": "capabilities:hands", "I can help with": "capabilities:hands"}
    (twice,) = problems("Volunteers", "people", both)
    assert "“Skills” and “I can help with” are both set to fill “Capabilities: hands" in twice


# -- a long sheet: its values are read in a worker thread -----------------------------------------


def long_register(path: Path, rows: int) -> Path:
    lines = ["Asset name,Category,Status"]
    lines += [f"Hall {n},Physical spaces,Active" for n in range(rows)]
    lines.insert(rows - 5, "Cwm Allotments,Physical spaces,Listed")  # near the end
    return write(path, "\r\n".join(lines) + "\r\n")


def test_the_values_of_a_long_sheet_are_looked_at_in_a_worker_before_going_on(
    qtbot, window, audit_path, tmp_path
):
    source = long_register(tmp_path / "register.csv", KEPT_ROWS + 500)
    open_in(qtbot, window, audit_path)
    wizard, tab = to_mapping_page(qtbot, window, source)
    page = wizard.mapping_page
    assert not wizard.facts.kept
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert list(tab.theirs.combos) == [("status", "Listed")]

    # The status column ignored, then given again just before Next: the values are looked at
    # again, and "Listed", not on show when Next was pressed, keeps the user on the page.
    pick(tab.combos["Status"], "Ignore this column")
    qtbot.waitUntil(lambda: not page.work.running and not tab.theirs.combos, timeout=20_000)
    assert tab.theirs.box.isHidden()
    pick(tab.combos["Status"], "Status")
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert wizard.currentId() == MAPPING_PAGE
    assert page.problem_label.text() == page_module.NEW_VALUES
    pick(tab.theirs.combos[("status", "Listed")], "Active")
    next_page(qtbot, wizard)  # nothing new: on to the preview at once
    assert wizard.currentId() == PREVIEW_PAGE
    wait_for_preview(qtbot, wizard)
    assert wizard.mapping.sheets["register"].values == {"status": {"Listed": "Active"}}
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


def test_looking_at_a_long_sheet_can_be_stopped_and_the_import_goes_on(
    qtbot, window, audit_path, tmp_path
):
    source = long_register(tmp_path / "register.csv", 60_000)
    open_in(qtbot, window, audit_path)
    wizard, _tab = to_mapping_page(qtbot, window, source)
    page = wizard.mapping_page
    assert page.work.running and page.stop_button.isVisible()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert page.work.status.text() == page_module.STOPPED
    assert page.stop_button.isHidden()
    next_page(qtbot, wizard)  # the preview lists what the audit does not know, per row
    assert wizard.currentId() == PREVIEW_PAGE
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None, timeout=20_000)


def test_going_back_or_cancelling_while_a_long_sheet_is_looked_at(
    qtbot, window, audit_path, tmp_path
):
    source = long_register(tmp_path / "register.csv", 60_000)
    open_in(qtbot, window, audit_path)
    wizard, tab = to_mapping_page(qtbot, window, source)
    page = wizard.mapping_page
    assert page.work.running
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert wizard.currentId() != MAPPING_PAGE
    # Forward again: the same sheet, looked at again, with nothing said about the stop.
    next_page(qtbot, wizard)
    assert page.work.running and page.work.status.text() != page_module.STOPPED
    qtbot.waitUntil(lambda: not page.work.running, timeout=60_000)
    assert list(tab.theirs.combos) == [("status", "Listed")]
    # Cancel while looking: the look stops and the wizard closes, nothing imported.
    pick(tab.combos["Status"], "Ignore this column")
    qtbot.waitUntil(lambda: page.work.running, timeout=5_000)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None, timeout=20_000)
    assert window.session.store.count(CommunityAsset) == 0
