"""File format 3: community assets as Assets of Community Value (Localism Act 2011).

A genuine format-2 file is built from the frozen DDL of format 2 (store/schema/v2.sql), with
records written in format 2's own columns, then opened as a user would: the store writes a
backup that is the file as it was, upgrades it, and every asset is "not nominated", with
everything else it held unchanged. The new columns then hold what the Assets page saves.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from coprod_desktop.domain import AssetCategory, AssetStatus, CommunityAsset, problems
from coprod_desktop.domain.acv import add_months, full_moratorium_end, interim_moratorium_end
from coprod_desktop.domain.validation import advice
from coprod_desktop.domain.vocabulary import AcvStatus
from coprod_desktop.store import APPLICATION_ID, SCHEMA_VERSION, AuditStore
from coprod_desktop.store.check import check_audit
from coprod_desktop.store.schema import frozen

STAMP = "2025-02-01T09:00:00Z"
ACV_COLUMNS = [
    "acv_status",
    "acv_reference",
    "acv_nominated_by",
    "acv_nominated_on",
    "acv_listed_on",
    "acv_listing_ends",
    "acv_sale_notice_on",
]


def build_format_2(path: Path) -> Path:
    """A file as format 2 wrote it: its DDL, its pragmas, assets in its columns."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(frozen(2))
        connection.execute(
            "INSERT INTO audit (id, created_at, modified_at, modified_by, title) "
            "VALUES ('au1', ?, ?, 'Siân', 'Format 2 audit')",
            (STAMP, STAMP),
        )
        connection.executemany(
            "INSERT INTO asset (id, created_at, modified_at, modified_by, name, sort_name, "
            "category, status, area, postcode, opening_times, accessibility, description) "
            "VALUES (?, ?, ?, 'Siân', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("a1", STAMP, STAMP, "The Red Lion", "the red lion", "economic", "at_risk",
                 "Millfield", "BK2 3DG", "Noon till late", '["step_free"]', "Last pub"),
                ("a2", STAMP, STAMP, "Canolfan Tŵr", "canolfan twr", "physical_spaces",
                 "active", "Tŷ Gwyn", "", "", "[]", ""),
            ],
        )  # fmt: skip
        connection.execute("INSERT INTO meta VALUES ('next_pseudonym', '1')")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 2")
        connection.commit()
    finally:
        connection.close()
    return path


def asset_rows(path: Path, columns: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT {columns} FROM asset ORDER BY rowid").fetchall()
    finally:
        connection.close()


def column_names(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[1] for row in connection.execute("PRAGMA table_info(asset)")]
    finally:
        connection.close()


def test_the_current_format_is_3() -> None:
    assert SCHEMA_VERSION == 3
    assert "acv_status" not in frozen(2) and "acv_status" in frozen(3)


def test_a_format_2_file_is_backed_up_and_upgraded_with_its_assets_unchanged(
    tmp_path: Path,
) -> None:
    path = build_format_2(tmp_path / "Red Lion.coprod")
    original = path.read_bytes()
    old_columns = column_names(path)
    before = asset_rows(path, ", ".join(old_columns))
    assert not set(ACV_COLUMNS) & set(old_columns)

    with AuditStore.open(path, user="Upgrader") as store:
        assert store.schema_version == 3
        backup = store.backup_path
        assert backup is not None and backup.name.startswith("Red Lion.v2-backup-")
        assert backup.read_bytes() == original  # the file exactly as format 2 wrote it
        pub = store.get(CommunityAsset, "a1")
        assert (pub.name, pub.status, pub.category) == (
            "The Red Lion",
            AssetStatus.AT_RISK,
            AssetCategory.ECONOMIC,
        )
        assert pub.acv_status is AcvStatus.NOT_NOMINATED
        assert pub.acv_listed_on is None and pub.acv_listed_until is None
        assert [h.record_id for h in store.search("red lion")] == ["a1"]

    assert column_names(path) == old_columns + ACV_COLUMNS
    assert asset_rows(path, ", ".join(old_columns)) == before
    assert (
        asset_rows(path, ", ".join(ACV_COLUMNS))
        == [("not_nominated", "", "", None, None, None, None)] * 2
    )
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
        # Only columns were added: nothing for the user to read in the change log.
        assert connection.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
    finally:
        connection.close()
    assert check_audit(path).all_problems == []
    # The backup is still a format-2 file that opens as one.
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 2


def test_an_upgraded_file_keeps_what_the_assets_page_saves(tmp_path: Path) -> None:
    path = build_format_2(tmp_path / "format 2.coprod")
    with AuditStore.open(path) as store:
        pub = store.get(CommunityAsset, "a1")
        pub.acv_status = AcvStatus.LISTED
        pub.acv_reference = "ACV/2024/07"
        pub.acv_nominated_by = "Friends of the Red Lion"
        pub.acv_nominated_on = date(2024, 1, 3)
        pub.acv_listed_on = date(2024, 2, 29)
        pub.acv_sale_notice_on = date(2026, 8, 31)
        pub = store.update(pub)
    with AuditStore.open(path, read_only=True) as store:
        saved = store.get(CommunityAsset, "a1")
        assert saved == pub
        assert saved.acv_listed_until == date(2029, 2, 28)
        assert saved.acv_interim_moratorium_ends == date(2026, 10, 12)
        assert saved.acv_full_moratorium_ends == date(2027, 2, 28)
        assert [a.id for a in store.iterate(CommunityAsset, acv_status=AcvStatus.LISTED)] == ["a1"]
    assert asset_rows(path, "acv_listed_on, acv_listing_ends") == [
        ("2024-02-29", None),  # the listing end is worked out, never stored
        (None, None),
    ]


def test_a_file_that_already_has_an_acv_column_still_upgrades(tmp_path: Path) -> None:
    """As format 2's indexes: a column already there (a file mended by hand) is kept."""
    path = build_format_2(tmp_path / "mended.coprod")
    connection = sqlite3.connect(path)
    connection.execute("ALTER TABLE asset ADD COLUMN acv_reference TEXT NOT NULL DEFAULT ''")
    connection.execute("UPDATE asset SET acv_reference = 'ACV/1' WHERE id = 'a2'")
    connection.commit()
    connection.close()
    with AuditStore.open(path) as store:
        assert store.get(CommunityAsset, "a2").acv_reference == "ACV/1"
        assert store.get(CommunityAsset, "a2").acv_status is AcvStatus.NOT_NOMINATED


# -- the periods of the Act, and what is refused ----------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 60, date(2029, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 9, 14), 6, date(2027, 3, 14)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_months_on_end_at_the_months_last_day_when_the_day_is_missing(day, months, expected):
    assert add_months(day, months) == expected


def test_the_moratoriums_are_six_weeks_and_six_months_after_the_notice() -> None:
    assert interim_moratorium_end(date(2026, 9, 14)) == date(2026, 10, 26)
    assert full_moratorium_end(date(2026, 9, 14)) == date(2027, 3, 14)


def asset(**acv) -> CommunityAsset:
    return CommunityAsset(name="The Red Lion", category=AssetCategory.ECONOMIC, **acv)


def test_dates_of_an_acv_in_an_impossible_order_are_refused() -> None:
    found = problems(
        asset(
            acv_status=AcvStatus.LISTED,
            acv_nominated_on=date(2024, 3, 1),
            acv_listed_on=date(2024, 2, 1),
            acv_listing_ends=date(2023, 2, 1),
            acv_sale_notice_on=date(2024, 1, 1),
        )
    )
    assert [(p.field, p.message) for p in found] == [
        ("acv_listed_on", "the date listed is before the date nominated."),
        (
            "acv_listing_ends",
            "the listing ends before the date listed; leave it empty for five years after "
            "the date listed.",
        ),
        (
            "acv_sale_notice_on",
            "the owner's notice of sale is before the date listed: only a listed asset has one.",
        ),
    ]
    assert problems(asset(acv_listed_on=date(2024, 2, 1), acv_status=AcvStatus.LISTED)) == []


def test_a_listed_asset_without_its_date_is_saved_with_advice() -> None:
    listed = asset(acv_status=AcvStatus.LISTED)
    assert problems(listed) == []
    assert [p.field for p in advice(listed)] == ["acv_listed_on"]
    dated = asset(acv_listed_on=date(2024, 2, 1))  # the status still says not nominated
    assert [p.field for p in advice(dated)] == ["acv_status"]
    assert advice(asset()) == []
