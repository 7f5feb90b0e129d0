"""What the mapping page offers for a partner's sheet, and what stops its import.

The kinds of record a sheet can hold, the fields each of its columns can fill, how the choices
carry over when the user picks another kind of record, and the problems of a set of choices.
Nothing here imports Qt.
"""

from __future__ import annotations

from coprod_desktop.exchange.workbook import columns as L

# What a partner's sheet can hold, in the order offered; "" skips the sheet.
ENTITIES: dict[str, tuple[str, L.Sheet | None]] = {
    "people": ("People", L.PEOPLE),
    "capabilities": ("Capabilities of people", L.CAPABILITIES),
    "assets": ("Community assets", L.ASSETS),
    "roles": ("Roles of people at each stage", L.ROLES),
    "actions": ("Actions", L.ACTIONS),
    "": ("Nothing to import: skip this sheet", None),
}
IGNORE_TEXT = "Ignore this column"


def fields_of(entity: str) -> list[L.Column]:
    """The fields a partner's column may fill: not our IDs (their IDs are their own numbers)."""
    sheet = ENTITIES[entity][1]
    if sheet is None:
        return []
    skipped = (L.Kind.ID, L.Kind.REF)
    return [c for c in sheet.columns if c.kind not in skipped and c.key != "round_participants"]


def field_label(column: L.Column) -> str:
    """The field as the drop-downs offer it."""
    if column.kind is L.Kind.HAT:
        return f"Hat: {column.header}"
    return column.header


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def carried_over(before: dict[str, str], entity: str) -> dict[str, str]:
    """The fields of each header when the sheet is said to hold `entity` instead.

    A field that the new kind of record has too is kept; the other columns are matched by
    their header and its synonyms; the rest are ignored.
    """
    fields = fields_of(entity)
    if not fields:
        return {}
    keys = {c.key for c in fields}
    names: dict[str, str] = {}
    for column in fields:
        for name in (column.header, *column.synonyms):
            names.setdefault(_folded(name), column.key)
    chosen = {}
    for header, key in before.items():
        if key not in keys:
            key = names.get(_folded(header), "")
        chosen[header] = key
    return chosen


def sheet_problems(sheet_name: str, entity: str, columns: dict[str, str]) -> list[str]:
    """What stops the import of a sheet as chosen (empty when it can go on)."""
    if not entity:
        return []
    sheet = ENTITIES[entity][1]
    fields = fields_of(entity)
    taken: dict[str, list[str]] = {}
    for header, key in columns.items():
        if key:
            taken.setdefault(key, []).append(header)
    found = []
    for key, headers in taken.items():
        if len(headers) > 1:
            label = next((field_label(c) for c in sheet.columns if c.key == key), key)
            names = " and ".join(f"“{h}”" for h in headers)
            found.append(
                f"{sheet_name}: the columns {names} are both set to fill “{label}”. "
                "Choose one of them, and set the other to “Ignore this column”."
            )
    missing = [c for c in fields if c.required and c.key not in taken]
    if not taken:
        found.append(
            f"{sheet_name}: no column is set to fill a field. Choose the fields, or "
            "choose “Nothing to import” for the sheet."
        )
    elif missing and not any(c.key in taken for c in fields if c.required):
        labels = ", ".join(f"“{field_label(c)}”" for c in missing)
        found.append(f"{sheet_name}: every row needs {labels}; choose the column that gives it.")
    return found
