"""Which column of a spreadsheet fills which field: mappings, guessed or saved as JSON.

Our own workbooks map by their exact headers (`exchange.layout`). Partners' own sheets and CSV
files are mapped by guesses: each header is compared, with case, spaces and punctuation left
out, with our headers, field names and the synonyms partners use ("E-mail address"), and near
misses ("E-mail adress") are caught by rapidfuzz. What each sheet holds (people, assets...) is
guessed from its headers and its name. The user confirms or corrects the guess, and the mapping
can be saved as JSON for next time.

A sheet's mapping may also give one value for the whole sheet (`SheetMapping.fixed`: "these
are all Physical spaces") and turn the sheet's own values into ours (`SheetMapping.values`:
"Listed" is "Active"); `value_mapping` has what the wizard asks about them. A people sheet of a
partner may map columns to capabilities (`capability_columns`).

The JSON form, version 2 (version 1 files, without "fixed" and "values", still load):

    {"format": "coprod-desktop import mapping", "version": 2,
     "sheets": {"Volunteers": {
         "entity": "people",
         "columns": {"Full name": "name", "I can help with": "capabilities:hands"},
         "fixed": {"consent_scope": "Partner organisations"},
         "values": {"hats:volunteer": {"Yse": "Yes"}}}}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.importing.capability_columns import extra_columns, is_capability_key
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Column, Kind, Sheet
from coprod_desktop.store.outputs import OutputKind, Protected

MAPPING_FORMAT = "coprod-desktop import mapping"
MAPPING_VERSION = 2  # 2: "fixed" and "values" per sheet
# What a sheet can hold, by the name a mapping uses for it ("" for a sheet left out).
ENTITIES: dict[str, Sheet] = {
    "people": L.PEOPLE,
    "capabilities": L.CAPABILITIES,
    "assets": L.ASSETS,
    "element_links": L.ELEMENT_LINKS,
    "roles": L.ROLES,
    "self_assessment": L.RATINGS,
    "actions": L.ACTIONS,
}
ENTITY_OF_SHEET = {sheet.name: entity for entity, sheet in ENTITIES.items()}
# Entities guessed for partners' sheets (the others come only from our own workbooks).
GUESSED_ENTITIES = ("people", "capabilities", "assets", "roles", "actions")
# Words in a sheet's name that tell what it holds.
SHEET_NAME_HINTS = {
    "people": ("people", "person", "participant", "volunteer", "member", "contact", "staff"),
    "capabilities": ("capabilit", "skill", "gift", "talent", "strength"),
    "assets": ("asset", "venue", "place", "group", "organisation", "organization", "service"),
    "roles": ("role",),
    "actions": ("action", "task", "todo", "to do", "plan"),
}
# A near miss counts from this rapidfuzz ratio (of headers without spaces and punctuation).
FUZZY_CUTOFF = 85
SHORTEST_FUZZY = 5  # shorter headers must match exactly ("Org" is not "Orgs"...)
_NOT_LETTERS = re.compile(r"[\W_]+", re.UNICODE)


def squash(text: str) -> str:
    """Fold a header for matching: no case, spaces, punctuation or underscores."""
    return _NOT_LETTERS.sub("", str(text).casefold())


@dataclass
class SheetMapping:
    """What one sheet holds, and which field each of its headers fills ("" = ignored)."""

    entity: str  # a key of ENTITIES, or "" for a sheet that is not imported
    columns: dict[str, str] = field(default_factory=dict)  # header text -> Column.key or ""
    # One value for the whole sheet, as a person types it: Column.key -> text, read by the
    # column's own parser like a cell ({"category": "Physical spaces"}). It fills every row
    # whose cell for the field is empty, or all rows when no column is mapped to the field:
    # a non-empty cell wins.
    fixed: dict[str, str] = field(default_factory=dict)
    # The sheet's own values turned into ours before a cell is read: Column.key -> {their
    # value -> our value text} ({"status": {"Listed": "Active"}}); their values are matched
    # trimmed, without case and with single spaces.
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def layout(self) -> Sheet | None:
        return ENTITIES.get(self.entity)

    def mapped_keys(self) -> set[str]:
        """The fields a column of the sheet is mapped to."""
        return {key for key in self.columns.values() if key}

    def to_json(self) -> dict[str, Any]:
        """The sheet's JSON form; "fixed" and "values" only when it has some."""
        data: dict[str, Any] = {"entity": self.entity, "columns": dict(self.columns)}
        if self.fixed:
            data["fixed"] = dict(self.fixed)
        if self.values:
            data["values"] = {key: dict(table) for key, table in self.values.items()}
        return data


@dataclass
class ImportMapping:
    """The mapping of every sheet of a file, by sheet name."""

    sheets: dict[str, SheetMapping] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MAPPING_FORMAT,
            "version": MAPPING_VERSION,
            "sheets": {name: mapping.to_json() for name, mapping in self.sheets.items()},
        }

    @classmethod
    def from_json(cls, data: Any) -> ImportMapping:
        """Read a mapping from its JSON form; raise ValueError with a plain message."""
        if not isinstance(data, dict) or not isinstance(data.get("sheets"), dict):
            raise ValueError(
                "it is not a column mapping saved by Coprod Desktop (no list of sheets)."
            )
        version = data.get("version", 1)
        if isinstance(version, int) and not isinstance(version, bool) and version > MAPPING_VERSION:
            raise ValueError(
                f"it was saved by a newer version of Coprod Desktop (mapping version {version}). "
                "Update Coprod Desktop, or map the columns again."
            )
        sheets = {}
        for name, item in data["sheets"].items():
            if not isinstance(item, dict):
                raise ValueError(f'the mapping of sheet "{name}" is not readable.')
            entity = item.get("entity", "")
            if entity not in ("", *ENTITIES):
                allowed = ", ".join(ENTITIES)
                raise ValueError(
                    f'sheet "{name}" is mapped to "{entity}", which is not one of: {allowed}.'
                )
            columns = item.get("columns", {})
            if not isinstance(columns, dict):
                raise ValueError(f'the columns of sheet "{name}" are not readable.')
            keys = {c.key for c in every_column(ENTITIES[entity])} if entity else set()
            for header, key in columns.items():
                if key and key not in keys:
                    raise ValueError(
                        f'column "{header}" of sheet "{name}" is mapped to "{key}", which is '
                        f"not a field of {entity.replace('_', ' ')}."
                    )
            sheet = SheetMapping(entity, {str(h): str(k or "") for h, k in columns.items()})
            sheet.fixed, sheet.values = _fixed_and_values(name, item)
            if sheet.fixed or sheet.values:
                from coprod_desktop.exchange.importing.value_mapping import check_sheet_mapping

                check_sheet_mapping(str(name), sheet)
            sheets[str(name)] = sheet
        return cls(sheets)

    def save(self, path: Path | str, protected: Iterable[Protected] = ()) -> None:
        """Write the mapping as JSON; raise ValueError with a plain message if it cannot, or
        if `path` is one of the `protected` files (the audit's, the inputs) under any name,
        or an existing file that is not a column mapping (nothing is written then)."""
        path = Path(path)
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
        try:
            # Through a file beside it, moved into place: never written into a link's target.
            with replacing(path, "an editor", OutputKind.MAPPING, protected) as temporary:
                temporary.write_text(text, encoding="utf-8")
        except ExportError as error:
            raise ValueError(str(error)) from None
        except OSError as error:
            raise ValueError(
                f'Could not save the column mapping to "{path}": {error.strerror or error}. '
                "Choose a folder you can write to."
            ) from None

    @classmethod
    def load(cls, path: Path | str) -> ImportMapping:
        """Read a mapping saved by `save`; raise ValueError with a plain message."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise ValueError(
                f'Could not read the column mapping "{path}": {error.strerror or error}.'
            ) from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError(
                f'"{path}" is not a column mapping saved by Coprod Desktop (not JSON). '
                "Choose the .json file saved with an earlier import."
            ) from None
        try:
            return cls.from_json(data)
        except ValueError as error:
            raise ValueError(
                f'"{path}" cannot be used as a column mapping: {error} Save the mapping again '
                "from the import."
            ) from None


def _fixed_and_values(name: Any, item: dict) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The "fixed" and "values" of a sheet's JSON, as text (checked by `check_sheet_mapping`)."""
    fixed, values = item.get("fixed") or {}, item.get("values") or {}
    if not isinstance(fixed, dict) or not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in fixed.values()
    ):
        raise ValueError(
            f'the values for the whole of sheet "{name}" ("fixed") are not readable: '
            'write them as {"field": "value"}.'
        )
    if not isinstance(values, dict) or not all(
        isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
        for table in values.values()
    ):
        raise ValueError(
            f'the values mapped on sheet "{name}" ("values") are not readable: write them as '
            '{"field": {"their value": "our value"}}.'
        )
    return (
        {str(k): str(v) for k, v in fixed.items()},
        {str(k): {str(a): b for a, b in table.items()} for k, table in values.items()},
    )


# -- guessing ---------------------------------------------------------------------------------


def importable_columns(sheet: Sheet, *, own: bool = False) -> tuple[Column, ...]:
    """Return the columns a partner's sheet may fill (all of them in our own workbooks).

    IDs are matched only by our own exact header: a partner's "ID" column holds their own
    numbers, not ours. Derived columns (a round's participants) are never read. A partner's
    people sheet may also fill the import-only capability columns (`capability_columns`)."""
    if own:
        return sheet.columns
    return (
        *(c for c in sheet.columns if c.key != "round_participants"),
        *extra_columns(sheet),
    )


def every_column(sheet: Sheet) -> tuple[Column, ...]:
    """Every column a mapping of this sheet may name: its own and the import-only ones."""
    return (*sheet.columns, *extra_columns(sheet))


def column_of(entity: str, key: str) -> Column | None:
    """The column of `entity` (a key of ENTITIES) a mapping names by `key`, or None."""
    sheet = ENTITIES.get(entity)
    if sheet is None:
        return None
    return next((c for c in every_column(sheet) if c.key == key), None)


def _names_for(column: Column) -> list[str]:
    """Every name of a column a header may match, folded."""
    if column.kind in (Kind.ID, Kind.REF):
        return [squash(column.header)]
    if is_capability_key(column.key):  # not by its kind's name: "Languages" is the person's
        return list(dict.fromkeys(squash(n) for n in (column.header, *column.synonyms)))
    names = [column.header, column.key.split(":")[-1].replace("_", " "), *column.synonyms]
    if column.kind is Kind.EQUALITY:
        names.append(QUESTIONS_BY_KEY[column.code].label)
    if column.header.endswith(")") and "(" in column.header:
        names.append(column.header.split("(")[0])  # "Strength (0-3)" -> "Strength"
    return list(dict.fromkeys(squash(n) for n in names if squash(n)))


def _score(header: str, column: Column) -> float:
    """How well a header names a column: 100 for an exact name, else a near miss, else 0."""
    folded = squash(header)
    if not folded:
        return 0.0
    best = 0.0
    for name in _names_for(column):
        if folded == name:
            # Our own header is the best match; a synonym a little less (ties go to it).
            return 100.0 if name == squash(column.header) else 99.0
        if column.kind in (Kind.ID, Kind.REF):
            continue
        if len(folded) >= SHORTEST_FUZZY and len(name) >= SHORTEST_FUZZY:
            score = fuzz.ratio(folded, name, score_cutoff=FUZZY_CUTOFF)
            best = max(best, score)
    return best


def guess_columns(headers: Iterable[str], sheet: Sheet, *, own: bool = False) -> dict[str, str]:
    """Map each header to the best matching column of `sheet` ("" when none matches).

    Each column is used once: the best-scoring header gets it (the first on a tie)."""
    headers = [h for h in dict.fromkeys(headers) if str(h).strip()]
    columns = importable_columns(sheet, own=own)
    if own:
        by_header = {c.header: c.key for c in columns}
        return {h: by_header.get(h, "") for h in headers}
    scored = []
    for position, header in enumerate(headers):
        for order, column in enumerate(columns):
            score = _score(header, column)
            if score:
                scored.append((-score, position, order, header, column.key))
    scored.sort()
    mapping = dict.fromkeys(headers, "")
    used: set[str] = set()
    for *_rank, header, key in scored:
        if mapping[header] or key in used:
            continue
        mapping[header] = key
        used.add(key)
    return mapping


def guess_entity(sheet_name: str, headers: Iterable[str]) -> str:
    """Guess what a partner's sheet holds from its headers (and its name); "" if nothing.

    Each matched header counts (a near miss a little less), shared among the kinds of record
    it matches ("Who" may be a person or an action's owner; "Email" only a person); the
    fields a record of that kind cannot do without count half as much again when present and
    against when missing; a telling word in the sheet's name ("Volunteers", "Skills") counts
    for one and a half."""
    headers = list(headers)
    matches: dict[str, dict[str, str]] = {}
    for entity in GUESSED_ENTITIES:
        mapping = guess_columns(headers, ENTITIES[entity])
        matches[entity] = {key: header for header, key in mapping.items() if key}
    shared: dict[str, int] = {}
    for matched in matches.values():
        for header in matched.values():
            shared[header] = shared.get(header, 0) + 1
    best, best_score = "", 0.0
    name = sheet_name.casefold()
    for entity, matched in matches.items():
        if not matched:
            continue
        sheet = ENTITIES[entity]
        by_key = {c.key: c for c in every_column(sheet)}
        score = sum(
            _score(header, by_key[key]) / 100 / shared[header] for key, header in matched.items()
        )
        for column in sheet.columns:
            if column.required and column.kind is not Kind.REF_NAME:
                score += 0.5 if column.key in matched else -0.5
        if any(hint in name for hint in SHEET_NAME_HINTS[entity]):
            score += 1.5
        if score > best_score:
            best, best_score = entity, score
    return best


def guess_sheet(sheet_name: str, headers: list[str], *, own: bool = False) -> SheetMapping:
    """Guess the mapping of one sheet."""
    if own:
        entity = ENTITY_OF_SHEET.get(sheet_name, "")
        if not entity or not ENTITIES[entity].importable:
            return SheetMapping("", {})
        return SheetMapping(entity, guess_columns(headers, ENTITIES[entity], own=True))
    entity = guess_entity(sheet_name, headers)
    if not entity:
        return SheetMapping("", dict.fromkeys((h for h in headers if str(h).strip()), ""))
    columns = guess_columns(headers, ENTITIES[entity])
    if entity == "assets":
        _status_of_a_register(columns)
    return SheetMapping(entity, columns)


def _status_of_a_register(columns: dict[str, str]) -> None:
    """In a register of Assets of Community Value (two or more of its columns), "Status" is
    the listing's status ("Listed", "Refused"), not whether the place is open."""
    keys = set(columns.values())
    acv = {key for key in keys if key.startswith("acv_")}
    if len(acv) >= 2 and "acv_status" not in acv and "status" in keys:
        for header, key in columns.items():
            if key == "status":
                columns[header] = "acv_status"


def known_headers(*, entity: str | None = None) -> list[str]:
    """Headers a header row may hold, to help the reader find it below title rows."""
    sheets = [ENTITIES[entity]] if entity else list(ENTITIES.values())
    found: dict[str, None] = {}
    for sheet in sheets:
        for column in every_column(sheet):
            found[column.header] = None
            for synonym in column.synonyms:
                found[synonym] = None
    return list(found)
