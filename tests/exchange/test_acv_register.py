"""A council's register of Assets of Community Value imports its assets (issue 15 part 4): the
header found under title rows and a merged group row, dates in every form councils write them,
a total row and blank rows left out, the unsuccessful nominations as refused, a category the
user gives for the whole sheet, and importing the register again changes nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import Audit, CommunityAsset
from coprod_desktop.domain.vocabulary import AcvStatus, AssetCategory
from coprod_desktop.store import AuditStore
from tests.exchange.council_register import LISTED, UNSUCCESSFUL, council_register

LISTED_SHEET = "List of ACVs"
REFUSED_SHEET = "Unsuccessful nominations"


@pytest.fixture
def audit(tmp_path):
    path = tmp_path / "audit.coprod"
    AuditStore.create(path, Audit(title="Brackenford")).close()
    return path


def register_mapping(tmp_path, register, audit):
    """The mapping a user makes once: the guesses (the register's Status as the ACV status), a
    category for both sheets, "Listed - moratorium" as Listed, the refused sheet refused."""
    saved = tmp_path / "register.json"
    code = main(
        [
            "import",
            str(audit),
            str(register),
            "--dry-run",
            "--fixed",
            f"{LISTED_SHEET}:category=Physical spaces",
            "--fixed",
            f"{REFUSED_SHEET}:category=Physical spaces",
            "--fixed",
            f"{REFUSED_SHEET}:acv_status=Refused",
            "--save-mapping",
            str(saved),
        ]
    )
    assert code == 1  # "Listed - moratorium" is not one of the ACV statuses
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    listed = mapping["sheets"][LISTED_SHEET]
    assert listed["columns"]["Name of asset"] == "name"
    assert listed["columns"]["Date listed"] == "acv_listed_on"
    assert listed["columns"]["Listing expiry date"] == "acv_listing_ends"
    assert listed["columns"]["Status"] == "acv_status"  # in a register, the listing's status
    listed["columns"]["Ref."] = "acv_reference"
    listed["values"] = {"acv_status": {"Listed - moratorium": "Listed"}}
    mapping["sheets"][REFUSED_SHEET]["columns"]["Ref."] = "acv_reference"
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    return saved


def assets(path) -> dict[str, CommunityAsset]:
    store = AuditStore.open(path, read_only=True)
    try:
        return {asset.name: asset for asset in store.iterate(CommunityAsset)}
    finally:
        store.close()


def test_a_council_register_imports_its_listed_and_refused_assets(tmp_path, audit, capsys):
    register = council_register(tmp_path / "ACV register.xlsx")
    mapping = register_mapping(tmp_path, register, audit)
    capsys.readouterr()
    assert main(["import", str(audit), str(register), "--mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "Imported 8 new" in out
    assert "never calculated" in out  # the listing end Excel never worked out is said

    found = assets(audit)
    listed = [row for row in LISTED if row]
    assert set(found) == {row[1] for row in listed} | {row[1] for row in UNSUCCESSFUL}
    assert "Total assets listed" not in found
    assert {a.category for a in found.values()} == {AssetCategory.PHYSICAL_SPACES}
    for ref, name, *_ in listed:
        assert found[name].acv_status is AcvStatus.LISTED
        assert found[name].acv_reference == ref
    for ref, name, *_ in UNSUCCESSFUL:
        assert found[name].acv_status is AcvStatus.REFUSED
        assert found[name].acv_reference == ref
    # Dates as dates, as text ("12th February 2022", "03.05.22", "5 Sept 2023"), as serials.
    assert found["Tafarn y Llew Coch"].acv_listed_on == date(2021, 3, 1)
    assert found["Neuadd Bentref Cwm Derwen"].acv_nominated_on == date(2022, 2, 12)
    assert found["The Brackenford Arms"].acv_listing_ends == date(2027, 6, 28)
    assert found["Riverside Allotments"].acv_listed_on == date(2022, 11, 1)
    assert found["Brackenford Library"].acv_nominated_on == date(2023, 9, 5)
    assert found["Maes Chwarae Heol Las"].acv_nominated_on == date(2023, 3, 21)
    # The formula never calculated leaves the listing end to the Act: five years on.
    assert found["Tafarn y Llew Coch"].acv_listing_ends is None

    # The council's next register, the same assets: nothing changes.
    capsys.readouterr()
    assert main(["import", str(audit), str(register), "--mapping", str(mapping)]) == 0
    again = capsys.readouterr().out
    assert "the audit already holds everything in this file" in again
    assert len(assets(audit)) == len(found)


def test_a_total_row_is_left_out_and_said(tmp_path, audit, capsys):
    register = council_register(tmp_path / "ACV register.xlsx")
    mapping = register_mapping(tmp_path, register, audit)
    capsys.readouterr()
    assert main(["import", str(audit), str(register), "--mapping", str(mapping), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "row 15" in out and "total" in out.casefold()
