"""A council's register of Assets of Community Value, laid out as councils publish theirs.

Title rows above a two-row header whose top row is merged ("Asset", "Nomination", "Listing"),
a blank row and a total row among the assets, dates as dates, as text in several forms and as
Excel serial numbers in a General cell, a listing end given by a formula Excel never
calculated (no cached value), Welsh names, and a second sheet of unsuccessful nominations.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

LISTED = [
    # ref, name, address, nominated by, date nominated, date listed, listing expiry, status
    (
        "ACV/001",
        "Tafarn y Llew Coch",
        "Stryd Fawr, Cwm Derwen CF44 1AB",
        "Cymdeithas Cwm Derwen",
        datetime(2021, 1, 12),
        datetime(2021, 3, 1),
        "=F7+1826",
        "Listed",
    ),
    (
        "ACV/002",
        "Neuadd Bentref Cwm Derwen",
        "Heol yr Eglwys, Cwm Derwen CF44 2CD",
        "Cwm Derwen Community Council",
        "12th February 2022",
        "1st April 2022",
        None,
        "Listed",
    ),
    (
        "ACV/003",
        "The Brackenford Arms",
        "1 Market Square, Brackenford BR1 4EF",
        "Friends of the Brackenford Arms",
        "03.05.22",
        "28.06.22",
        "28.06.27",
        "Listed",
    ),
    None,  # a blank row the council left between the wards
    (
        "ACV/004",
        "Riverside Allotments",
        "Mill Lane, Brackenford BR2 7GH",
        "Riverside Allotment Society",
        44805,
        44866,
        46692,
        "Listed - moratorium",
    ),
    (
        "ACV/005",
        "Capel Bethania",
        "Ffordd y Capel, Cwm Derwen CF44 3JK",
        "Cyfeillion Bethania",
        "2023-02-14",
        "2023-04-11",
        "",
        "Listed",
    ),
    (
        "ACV/006",
        "Brackenford Library",
        "Church Street, Brackenford BR1 2LM",
        "Brackenford Civic Society",
        "5 Sept 2023",
        "31 Oct 2023",
        "",
        "Listed",
    ),
]
UNSUCCESSFUL = [
    (
        "N/2022/07",
        "Former Co-op, High Street",
        "High Street, Brackenford BR1 3NP",
        "Brackenford Civic Society",
        datetime(2022, 9, 1),
        "Not of community value",
    ),
    (
        "N/2023/02",
        "Maes Chwarae Heol Las",
        "Heol Las, Cwm Derwen CF44 4QR",
        "Cwm Derwen Community Council",
        "21/03/2023",
        "Residential land (excluded)",
    ),
]


def council_register(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "List of ACVs"
    sheet["A1"] = "Brackenford County Borough Council"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "List of Assets of Community Value (Localism Act 2011, Part 5 Chapter 3)"
    sheet.merge_cells("A2:H2")
    sheet["A3"] = "Last updated: 14th October 2026"
    for cell, text in (("A5", "Asset"), ("D5", "Nomination"), ("F5", "Listing")):
        sheet[cell] = text
    sheet.merge_cells("A5:C5")
    sheet.merge_cells("D5:E5")
    sheet.merge_cells("F5:H5")
    sheet.append(
        [
            "Ref.",
            "Name of asset",
            "Address",
            "Nominating body",
            "Date of nomination",
            "Date listed",
            "Listing expiry date",
            "Status",
        ]
    )
    for row in LISTED:
        sheet.append(list(row) if row else [])
    sheet.append([])
    sheet.append([None, "Total assets listed", None, None, None, None, None, "=COUNTA(B7:B13)"])
    for row in sheet.iter_rows(min_row=7):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy"
    unsuccessful = book.create_sheet("Unsuccessful nominations")
    unsuccessful["A1"] = "Land nominated by unsuccessful community nominations"
    unsuccessful.merge_cells("A1:F1")
    unsuccessful.append([])
    unsuccessful.append(
        [
            "Ref.",
            "Name of asset",
            "Address",
            "Nominated by",
            "Date of nomination",
            "Reason not listed",
        ]
    )
    for row in UNSUCCESSFUL:
        unsuccessful.append(list(row))
    book.save(path)
    return path
