"""What the mapping page offers for a partner's sheet, and what stops its import.

The kinds of record a sheet can hold, the fields each of its columns can fill (a people
sheet's capabilities in columns included), the fields that can take one value for the whole
sheet, the choices a value can become, how the choices carry over when the user picks another
kind of record, and the problems of a set of choices. Nothing here imports Qt.
"""

from __future__ import annotations

from coprod_desktop.domain.privacy import Sensitivity
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
CAPABILITIES_PREFIX = "capabilities:"
# The fields one value for every row can be given for: a drop-down, a date or a text.
WHOLE_SHEET_KINDS = (
    L.Kind.TEXT,
    L.Kind.LONG_TEXT,
    L.Kind.WORDS,
    L.Kind.DATE,
    L.Kind.YES_NO,
    L.Kind.HAT,
    L.Kind.CHOICE,
    L.Kind.CHOICES,
    L.Kind.REF_NAME,
)
# How alike a value and a choice are, at least, to take one for a slip of the other (1 - the
# letters typed wrong, missed, added or swapped, over the longer's length): "Yse" and "Yes"
# 0.67, "hart" and "Heart" 0.8, "Listed" and "Closed" 0.5.
SLIP = 0.6
# Fields a record needs when another is given: (entity, key) -> (the other, why).
NEEDED_WITH = {("people", "consent_scope"): ("consent_date", "needed with a consent date")}
# What tells one row from another never takes one value for every row.
NAMING_FIELDS = {
    ("people", "name"),
    ("people", "pseudonym"),
    ("assets", "name"),
    ("actions", "title"),
    ("capabilities", "description"),
}


def fields_of(entity: str) -> list[L.Column]:
    """The fields a partner's column may fill: not our IDs (their IDs are their own numbers);
    a people sheet's capabilities in columns too (`capabilities:<kind>`, import only)."""
    from coprod_desktop.exchange.importing.mapping import importable_columns

    sheet = ENTITIES[entity][1]
    if sheet is None:
        return []
    skipped = (L.Kind.ID, L.Kind.REF)
    return [c for c in importable_columns(sheet) if c.kind not in skipped]


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


def is_capability(key: str) -> bool:
    """Whether a field is a people sheet's capabilities of one kind, in a column."""
    return key.startswith(CAPABILITIES_PREFIX)


def can_be_whole_sheet(entity: str, column: L.Column) -> bool:
    """Whether one value for every row of the sheet can be given for this field."""
    return (
        column.kind in WHOLE_SHEET_KINDS
        and (entity, column.key) not in NAMING_FIELDS
        and not is_capability(column.key)
        and column.sensitivity is not Sensitivity.CONTACT
    )


def whole_sheet_fields(entity: str, columns: dict[str, str]) -> list[L.Column]:
    """The fields no column fills that can take one value for every row: the required first."""
    taken = {key for key in columns.values() if key}
    fields = [c for c in fields_of(entity) if c.key not in taken and can_be_whole_sheet(entity, c)]
    return [c for c in fields if c.required] + [c for c in fields if not c.required]


def needed_because(entity: str, key: str, given: set[str]) -> str:
    """Why a field that is not always required is needed, as the sheet is mapped ("" if it
    is not): a consent date needs what the consent covers."""
    trigger, why = NEEDED_WITH.get((entity, key), ("", ""))
    return why if trigger in given else ""


def value_choices(entity: str, key: str) -> list[str] | None:
    """The values a field may hold, as a drop-down offers them; None for text and dates."""
    from coprod_desktop.exchange.importing.value_mapping import choices_for

    return choices_for(entity, key)


def closest_values(value: str, entity: str, key: str) -> list[str]:
    """Our choices nearest to one of the sheet's own values, the nearest first (maybe none)."""
    from coprod_desktop.exchange.importing.value_mapping import closest_choices

    return closest_choices(value, entity, key, limit=3)


def likely_value(value: str, entity: str, key: str) -> str:
    """The choice a value of the sheet is a slip for ("Yse": "Yes", "Phyiscal spaces"), or ""
    when even the closest is another word ("Listed" is nearest "Closed": the user says)."""
    from rapidfuzz.distance import OSA

    from coprod_desktop.exchange.importing.cells import fold_value

    wanted = fold_value(value)
    for choice in closest_values(value, entity, key)[:1]:
        names = {fold_value(choice), fold_value(choice.split(":", 1)[0])}  # "Heart" for "Heart: …"
        if max(OSA.normalized_similarity(wanted, name) for name in names) >= SLIP:
            return choice
    return ""


def missing_fields(entity: str, columns: dict[str, str], fixed: dict[str, str]) -> list[L.Column]:
    """The required fields that neither a column nor a value for the whole sheet gives."""
    from coprod_desktop.exchange.importing.mapping import SheetMapping
    from coprod_desktop.exchange.importing.value_mapping import missing_required

    given = {key: value for key, value in fixed.items() if value.strip()}
    return missing_required(entity, SheetMapping(entity, dict(columns), given, {}))


def sheet_problems(
    sheet_name: str, entity: str, columns: dict[str, str], fixed: dict[str, str] | None = None
) -> list[str]:
    """What stops the import of a sheet as chosen (empty when it can go on)."""
    if not entity:
        return []
    taken: dict[str, list[str]] = {}
    for header, key in columns.items():
        if key:
            taken.setdefault(key, []).append(header)
    found = []
    for key, headers in taken.items():
        if len(headers) > 1:  # the importer reads one column per field
            label = next((field_label(c) for c in fields_of(entity) if c.key == key), key)
            names = " and ".join(f"“{h}”" for h in headers)
            found.append(
                f"{sheet_name}: the columns {names} are both set to fill “{label}”. "
                "Choose one of them, and set the other to “Ignore this column”."
            )
    fixed = {key: value for key, value in (fixed or {}).items() if value.strip()}
    if not taken and not fixed:
        found.append(
            f"{sheet_name}: no column is set to fill a field. Choose the fields, or "
            "choose “Nothing to import” for the sheet."
        )
        return found
    missing = missing_fields(entity, columns, fixed)
    only_column = [c for c in missing if not can_be_whole_sheet(entity, c)]
    either = [c for c in missing if can_be_whole_sheet(entity, c)]
    if only_column:
        labels = _labels(only_column)
        found.append(f"{sheet_name}: every row needs {labels}; choose the column that gives it.")
    if either:
        labels = _labels(either)
        found.append(
            f"{sheet_name}: every row needs {labels}. Choose the column that gives it, or give "
            "one value for every row under “Values for the whole sheet”."
        )
    return found


def _labels(columns: list[L.Column]) -> str:
    labels = [f"“{field_label(c)}”" for c in columns]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
