"""The PDF report when things go wrong: folders that are missing or cannot be written to, a
folder in the way of the file, a cancel from the progress callback, and texts that would trip
up reportlab (markup, formulas, very long words and texts, letters the font lacks)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import (
    AssetCategory,
    CapabilityKind,
    ConsentScope,
    Element,
    Hat,
    PrivacyLevel,
    Rung,
    Stage,
)
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import FORMULA_LIKE, TODAY, sha256
from tests.exchange.test_pdf_report import build, flat, misplaced_letters, pdf_info


class Stop(Exception):
    pass


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def export(store, path, level: str = "internal", **options):
    from coprod_desktop.report.pdf import export_report

    options.setdefault("today", TODAY)
    return export_report(store, path, privacy=PrivacyLevel(level), **options)


# -- where the report goes -----------------------------------------------------------------------


def test_a_missing_folder_gives_a_plain_message(sample_store, tmp_path):
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "No such folder" / "report.pdf")
    message = str(raised.value)
    assert "No such folder" in message and "does not exist" in message
    assert "Errno" not in message and len(message.splitlines()) == 1
    assert entries(tmp_path) == []


def test_a_file_in_place_of_the_folder_gives_a_plain_message(sample_store, tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "notes.txt" / "report.pdf")
    assert "notes.txt" in str(raised.value) and "Errno" not in str(raised.value)
    assert (tmp_path / "notes.txt").read_text() == "not a folder"
    assert entries(tmp_path) == ["notes.txt"]


def test_a_folder_in_the_way_of_the_report_gives_a_plain_message(sample_store, tmp_path):
    # (What a report open in a PDF reader on Windows does cannot be made here; a folder of the
    # report's name is the nearest: the file cannot be put in its place.)
    (tmp_path / "Report.pdf").mkdir()
    (tmp_path / "Report.pdf" / "keep.txt").write_text("mine")
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "Report.pdf")
    message = str(raised.value)
    assert "Report.pdf" in message and "Errno" not in message
    assert entries(tmp_path) == ["Report.pdf"]  # no temporary file left
    assert entries(tmp_path / "Report.pdf") == ["keep.txt"]


LOCKED_EXPORT = """
import sys
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.report.pdf import export_report
from coprod_desktop.store import AuditStore

with AuditStore.open(sys.argv[1], read_only=True) as store:
    try:
        export_report(store, sys.argv[2])
    except ExportError as error:
        print(error)
        sys.exit(3)
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_folder_that_cannot_be_written_to_gives_a_plain_message(sample_audit, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    command = [sys.executable, "-c", LOCKED_EXPORT, str(sample_audit), str(folder / "r.pdf")]
    if os.geteuid() == 0:  # root ignores permissions: drop the capabilities that allow it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2]
        )
        assert done.returncode == 3, done.stdout + done.stderr
        message = done.stdout.strip()
        assert str(folder) in message and "Choose a folder" in message
        assert "Errno" not in message and "Traceback" not in message
        assert len(message.splitlines()) == 1
        assert entries(folder) == []
    finally:
        folder.chmod(0o700)


# -- cancelling, failing, replacing -------------------------------------------------------------


@pytest.fixture(scope="module")
def progress_calls(sample_store, tmp_path_factory) -> list[tuple[int, int]]:
    calls: list[tuple[int, int]] = []
    folder = tmp_path_factory.mktemp("pdf-progress")
    export(sample_store, folder / "counted.pdf", progress=lambda *a: calls.append(a))
    return calls


def test_progress_counts_up_to_its_total_on_the_sample(progress_calls):
    assert len(progress_calls) > 10
    assert len({total for _, total in progress_calls}) == 1
    done = [d for d, _ in progress_calls]
    assert done == sorted(done)
    assert progress_calls[-1][0] == progress_calls[-1][1]


@pytest.mark.parametrize("stop_at", ["first", "middle", "last"])
def test_cancelling_from_progress_leaves_nothing_behind(
    sample_store, tmp_path, progress_calls, stop_at
):
    stop_at = {"first": 1, "middle": len(progress_calls) // 2, "last": len(progress_calls)}[stop_at]
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == stop_at:
            raise Stop

    with pytest.raises(Stop):
        export(sample_store, tmp_path / "Cancelled.pdf", progress=progress)
    assert entries(tmp_path) == []  # neither the report nor its temporary file


def test_a_cancel_leaves_the_report_already_there_untouched(sample_store, tmp_path):
    path = tmp_path / "Board report.pdf"
    export(sample_store, path, "public")
    before = sha256(path)
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 3:
            raise Stop

    with pytest.raises(Stop):
        export(sample_store, path, progress=progress)
    assert sha256(path) == before
    assert entries(tmp_path) == ["Board report.pdf"]


def test_a_failure_in_the_middle_leaves_the_report_already_there_untouched(
    sample_store, tmp_path, monkeypatch
):
    from coprod_desktop.report import charts as report_charts

    path = tmp_path / "Board report.pdf"
    path.write_bytes(b"%PDF-1.4 an older report")
    before = sha256(path)

    def broken(*args, **kwargs):
        raise RuntimeError("the chart could not be drawn")

    monkeypatch.setattr(report_charts, "radar_drawing", broken)
    monkeypatch.setattr(report_charts, "heat_map_drawing", broken)
    with pytest.raises(RuntimeError):
        export(sample_store, path)
    assert sha256(path) == before
    assert entries(tmp_path) == ["Board report.pdf"]


def test_replacing_a_report_gives_the_new_one_and_no_leftovers(sample_store, tmp_path):
    path = tmp_path / "Report.pdf"
    path.write_bytes(b"%PDF-1.4\nan old report")  # a PDF: only a PDF is replaced
    result = export(sample_store, path, "public", sections=["summary"])
    assert path.read_bytes().startswith(b"%PDF-")
    assert int(pdf_info(path)["Pages"]) == result.pages
    assert entries(tmp_path) == ["Report.pdf"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_report_gets_the_usual_permissions_of_a_new_file(sample_store, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = tmp_path / "Shared.pdf"
    export(sample_store, path, "partner", sections=["summary"])
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o666 & ~umask, f"the report's permissions are {mode:o}"


def test_a_report_of_a_read_only_audit_leaves_the_audit_file_alone(sample_audit, sample_store):
    before = sha256(sample_audit)
    assert sample_store.read_only
    export(sample_store, sample_audit.with_name("beside the audit.pdf"), sections=["summary"])
    assert sha256(sample_audit) == before
    sample_audit.with_name("beside the audit.pdf").unlink()


# -- texts that would trip up reportlab ----------------------------------------------------------

MARKUP = (
    'Tom & Jerry <b>bold</b> <font size="40">big</font> <para> &amp; &nbsp; <br/> </i> '
    "<img src='x.png'/> 5 < 6 > 4"
)


def _everywhere(store, text: str, *, name: str | None = None) -> None:
    """Put `text` in every field the report shows: a person, a capability, an asset, a role,
    a round with ratings and evidence, and an action."""
    person = store.add(
        r.Person(
            name=name or text,
            hats=(Hat.LIVED_EXPERIENCE,),
            organisation=text,
            consent_scope=ConsentScope.PUBLIC,
        )
    )
    capability = store.add(
        r.Capability(person_id=person.id, kind=CapabilityKind.HEAD, description=text, tags=(text,))
    )
    asset = store.add(r.CommunityAsset(name=text, category=AssetCategory.CULTURAL, area=text))
    store.add(r.ElementLink(element=Element.ASSETS, capability_id=capability.id, strength=3))
    store.add(r.ElementLink(element=Element.ASSETS, asset_id=asset.id, evidence=text))
    store.add(
        r.Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN, title=text[:200])
    )
    held = store.add(r.AssessmentRound(held_on=TODAY, participants=text, notes=text))
    store.add(r.AssessmentRating(round_id=held.id, element=Element.ASSETS, score=4, evidence=text))
    store.add(r.Action(title=text, element=Element.ASSETS, owner=text, notes=text))


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_markup_in_the_audit_is_printed_as_it_is(new_audit, tmp_path, level):
    _everywhere(new_audit, MARKUP)
    built = build(new_audit, tmp_path / "markup.pdf", level)
    text = built.flat
    for piece in ("Tom & Jerry <b>bold</b>", '<font size="40">big</font>', "5 < 6 > 4"):
        assert piece in text, f"{piece!r} is not printed as typed in the {level} report"


def test_formula_like_texts_are_printed_as_they_are(formula_audit, tmp_path):
    built = build(formula_audit, tmp_path / "formulas.pdf")
    text = built.flat
    for value in FORMULA_LIKE:
        if value.strip():
            assert flat(value) in text, value


def test_a_long_word_and_a_very_long_text_fit(tmp_path):
    word = "https://example.org/" + "averyveryverylongpathwithoutanyspaces" * 8
    essay = " ".join(["Our group meets every week in the chapel vestry."] * 600)  # 30,000 letters
    audit = r.Audit(title="Cwm Derwen " * 20 + "audit", organisation=word, purpose=essay[:5000])
    store = AuditStore.create(tmp_path / "long.coprod", audit, user="t")
    _everywhere(store, word)
    _everywhere(store, essay, name="Rhodri Essay")
    try:
        built = build(store, tmp_path / "long.pdf")
    finally:
        store.close()
    assert built.result.pages >= 3
    assert "averyveryverylongpath" in built.text
    # Each page is A4, and nothing is cut off or drawn over other text.
    assert "(A4)" in pdf_info(built.path)["Page size"]
    outside, overlapping = misplaced_letters(built.path)
    assert outside == [], f"letters outside the margins: {outside[:5]}"
    assert overlapping == [], f"letters drawn over others: {overlapping[:5]}"
    assert any("shortened" in note for note in built.result.notes), built.result.notes


def test_names_in_other_scripts_and_emoji(new_audit, tmp_path):
    names = ("Γιώργος Παπαδόπουλος", "Олена Коваль", "Ngozi Ọkọnkwọ", "王小明 🙂")
    for name in names:
        _everywhere(new_audit, f"Cooks for the lunch club ({name})", name=name)
    built = build(new_audit, tmp_path / "scripts.pdf")
    text = built.flat
    for name in names[:3]:
        assert name in text, name
    gaps = [note for note in built.result.notes if "letters" in note]
    assert gaps and "王" in gaps[0] and "🙂" in gaps[0], built.result.notes


@pytest.mark.parametrize("name", ["محمد الأحمد", "דוד כהן"], ids=["arabic", "hebrew"])
def test_right_to_left_names_read_in_order_or_are_noted(new_audit, tmp_path, name):
    """DejaVu Sans has Arabic and Hebrew letters, but reportlab lays text out left to right
    (and does not join Arabic letters): such a name must either come out readable, or the
    result's notes must say that it will not (as for letters the font lacks)."""
    _everywhere(new_audit, f"Cooks for the lunch club ({name})", name=name)
    built = build(new_audit, tmp_path / "rtl.pdf")
    readable = name in built.flat.replace("\u202b", "").replace("\u202c", "")
    noted = any(name in note or "right to left" in note.lower() for note in built.result.notes)
    assert readable or noted, (
        f"{name!r} prints as {_around(built.flat, 'lunch club (')!r} and the notes "
        f"{built.result.notes} do not say so"
    )


def _around(text: str, marker: str) -> str:
    at = text.find(marker)
    return text[at + len(marker) : at + len(marker) + 30] if at >= 0 else ""
