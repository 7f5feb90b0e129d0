"""Values for the whole sheet and the sheet's own values mapped onto ours: what the import
wizard and the command line ask about them, without Qt.

- `choices_for(entity, key)`: the labels a column accepts (None for free text, dates, numbers).
- `closest_choices(value, entity, key)`: our choices nearest to a sheet's value, best first.
- `unknown_values(spreadsheet, mapping)`: per sheet and column, the values our choices do not
  know and the mapping does not map yet (read in the wizard's worker thread).
- `missing_required(entity, sheet_mapping)`: required fields with neither a column nor a value
  for the whole sheet.
- `check_sheet_mapping(name, sheet_mapping)`: refuses, with a plain message, a value for the
  whole sheet or a mapped value that our choices do not know.
- `add_fixed(mapping, spreadsheet, ["SHEET:FIELD=VALUE"])`: the command line's `--fixed`.

`entity` is a key of `mapping.ENTITIES` ("people", "assets"...), `key` a `Column.key`
("category", "consent_scope", "hats:volunteer", "capabilities:hands").
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import Hat
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.importing.cells import ValueProblem, fold_value, parser_for
from coprod_desktop.exchange.importing.mapping import (
    ENTITIES,
    ImportMapping,
    SheetMapping,
    column_of,
    squash,
)
from coprod_desktop.exchange.spreadsheet.reader import Spreadsheet
from coprod_desktop.exchange.workbook.columns import Column, Kind

YES_NO_LABELS = ("Yes", "No")
_NOT_FIXED = (Kind.ID, Kind.REF)  # a whole sheet never shares one ID


def choices_for(entity: str, key: str) -> list[str] | None:
    """The labels a column accepts, in our order: a choice or several choices (their labels),
    Yes/No and hat columns (["Yes", "No"]), equality questions (their answers). None for free
    text, dates, numbers and for a key the entity does not have."""
    column = column_of(entity, key)
    if column is None:
        return None
    return _labels(column)


def _labels(column: Column) -> list[str] | None:
    if column.kind in (Kind.CHOICE, Kind.CHOICES) and column.choices is not None:
        return [member.label for member in column.choices]
    if column.kind in (Kind.YES_NO, Kind.HAT):
        return list(YES_NO_LABELS)
    if column.kind is Kind.EQUALITY:
        return [answer.label for answer in QUESTIONS_BY_KEY[column.code].answers]
    return None


def _names(column: Column) -> list[tuple[str, list[str]]]:
    """Each choice's label with the other names it is known by (its code, "Head" for "Head:
    knowledge")."""
    if column.kind in (Kind.CHOICE, Kind.CHOICES) and column.choices is not None:
        return [
            (m.label, [m.label, m.value.replace("_", " "), m.label.split(":", 1)[0]])
            for m in column.choices
        ]
    return [(label, [label]) for label in _labels(column) or ()]


def closest_choices(value: str, entity: str, key: str, limit: int = 3) -> list[str]:
    """Our choices nearest to a sheet's `value` (rapidfuzz), best first, at most `limit`:
    "Phyiscal spaces" -> ["Physical spaces", ...]; "Yse" -> ["Yes", "No"]. Empty for a
    column without choices or an empty value."""
    column = column_of(entity, key)
    wanted = fold_value(value)
    if column is None or not wanted or limit <= 0:
        return []
    scored = []
    for order, (label, names) in enumerate(_names(column)):
        score = max(
            max(fuzz.ratio(wanted, fold_value(name)), fuzz.WRatio(wanted, fold_value(name)))
            for name in names
            if fold_value(name)
        )
        scored.append((-score, order, label))
    scored.sort()
    return [label for _score, _order, label in scored[:limit]]


def missing_required(entity: str, mapping: SheetMapping) -> list[Column]:
    """The fields a new record of `entity` needs that the sheet gives neither by a column nor
    by a value for the whole sheet (`mapping.fixed`), in the sheet's order. A parent's name
    (the person of a capability) is not counted: a row may give the parent's ID instead."""
    sheet = ENTITIES.get(entity)
    if sheet is None:
        return []
    mapped = mapping.mapped_keys()
    return [
        column
        for column in sheet.columns
        if column.required
        and column.kind is not Kind.REF_NAME
        and column.key not in mapped
        and not str(mapping.fixed.get(column.key, "")).strip()
    ]


def fixed_value(column: Column, text: str, values: dict[str, str] | None = None) -> Any:
    """A value for the whole sheet read as a cell of `column` is (after `values`, the sheet's
    own values mapped onto ours); raise ValueProblem when it cannot be read."""
    return parser_for(column, values)(text)


def check_sheet_mapping(name: str, mapping: SheetMapping) -> None:
    """Refuse (ValueError with a plain message naming the sheet, the field and the choices)
    a value for the whole sheet, or a value mapped onto ours, that the field cannot take."""
    entity = mapping.entity
    if not entity:
        return
    noun = entity.replace("_", " ")
    for key, text in mapping.fixed.items():
        column = column_of(entity, key)
        if column is None:
            raise ValueError(
                f'sheet "{name}" gives one value for "{key}", which is not a field of {noun}.'
            )
        if column.kind in _NOT_FIXED:
            raise ValueError(
                f'sheet "{name}" gives one value for "{column.header}" for every row, but '
                "each row has its own ID: leave it out."
            )
        try:
            fixed_value(column, text, mapping.values.get(key))
        except ValueProblem as problem:
            raise ValueError(
                f'the value "{V.shown(text)}" given to every row of sheet "{name}" for '
                f"{column.header} cannot be used: {_refusal(column, problem)}"
            ) from None
    for key, table in mapping.values.items():
        column = column_of(entity, key)
        if column is None:
            raise ValueError(
                f'sheet "{name}" maps values of "{key}", which is not a field of {noun}.'
            )
        parse = parser_for(column)
        for theirs, ours in table.items():
            try:
                parse(ours)
            except ValueProblem as problem:
                raise ValueError(
                    f'on sheet "{name}", "{V.shown(theirs)}" is mapped to "{V.shown(ours)}" '
                    f"for {column.header}, which cannot be used: {_refusal(column, problem)}"
                ) from None


def _refusal(column: Column, problem: ValueProblem) -> str:
    labels = _labels(column)
    if labels:
        return f"it is not one of our choices ({'; '.join(labels)})."
    return f"{problem.problem}. {problem.advice}"


def unknown_values(
    spreadsheet: Spreadsheet, mapping: ImportMapping, limit_per_column: int = 50
) -> dict[str, dict[str, list[str]]]:
    """Per sheet name, per mapped choice column's key, the distinct values of the whole sheet
    (as written, first spelling kept) that the column refuses and `mapping`'s `values` does
    not map yet; a cell of several choices gives each refused value on its own. Only sheets
    and columns with such values are listed.

    The rows are read as they stream (no sheet is held in memory), and a column stops being
    read at `limit_per_column` values (a sheet when all its columns have). Call it in a
    worker thread: it reads every row of the mapped sheets."""
    from coprod_desktop.exchange.importing.importer import given_for, is_own_workbook, known_for

    own = is_own_workbook(spreadsheet)
    found: dict[str, dict[str, list[str]]] = {}
    for name in spreadsheet.sheet_names:
        given = given_for(mapping, name, len(spreadsheet.sheet_names))
        if given is None or not given.entity:
            continue
        rows = spreadsheet.sheet(name, known_headers=known_for(own, name, given))
        reads, seen = [], set()
        for index, header in enumerate(rows.headers):
            key = given.columns.get(header, "")
            column = column_of(given.entity, key) if key else None
            if column is None or key in seen or _labels(column) is None:
                continue
            seen.add(key)
            several = column.kind is Kind.CHOICES
            reads.append((index, key, parser_for(column, given.values.get(key)), several, {}))
        if not reads:
            continue
        active = list(reads)
        for _row, values in rows.rows:
            for read in list(active):
                index, _key, parse, several, distinct = read
                raw = values[index] if index < len(values) else None
                try:
                    parse(raw)
                    continue
                except ValueProblem:
                    pass
                for part in V.split_multi(raw) if several else [V.parse_text(raw)]:
                    if several:
                        try:
                            parse(part)
                            continue
                        except ValueProblem:
                            pass
                    distinct.setdefault(fold_value(part), " ".join(part.split()))
                    if len(distinct) >= limit_per_column:
                        active.remove(read)
                        break
            if not active:
                break
        listed = {key: list(distinct.values()) for _i, key, _p, _s, distinct in reads if distinct}
        if listed:
            found[name] = listed
    return found


def _hat_named(entity: str, field_text: str, value: str) -> Hat | None:
    """The hat `value` names when `field_text` is "hats" (or "hat") on a people sheet."""
    if entity != "people" or squash(field_text) not in ("hat", "hats"):
        return None
    found = V.find_choice(Hat, value.strip())
    if found is None:
        raise ValueError(
            f'--fixed: "{value.strip()}" is not one of the hats '
            f"({'; '.join(h.label for h in Hat)})."
        )
    return found


def add_fixed(
    mapping: ImportMapping | None, spreadsheet: Spreadsheet, given: list[str]
) -> ImportMapping:
    """`mapping` (or the guessed one) with the values for whole sheets given on the command
    line as "SHEET:FIELD=VALUE" (`--fixed`); FIELD is a column's key or its header, SHEET may
    be left empty in a file of one sheet; "hats=Volunteer" is the Volunteer hat's column set
    to Yes. Raise ValueError with a plain message."""
    from coprod_desktop.exchange.importing.importer import given_for, guess_mapping

    result = mapping if mapping is not None else ImportMapping()
    names = spreadsheet.sheet_names
    guessed: ImportMapping | None = None
    for text in given:
        name, colon, rest = text.partition(":")
        field_text, equals, value = rest.partition("=")
        name, field_text = name.strip(), field_text.strip()
        if not colon or not equals or not field_text:
            raise ValueError(
                f'--fixed "{text}" is not SHEET:FIELD=VALUE, as in '
                '--fixed "Volunteers:consent_scope=Partner organisations".'
            )
        if not name and len(names) == 1:
            name = names[0]
        if name not in names:
            raise ValueError(
                f'--fixed "{text}": the file has no sheet "{name}" (its sheets: '
                f"{', '.join(names)})."
            )
        sheet = given_for(result, name, len(names))
        if sheet is None:
            guessed = guessed or guess_mapping(spreadsheet)
            sheet = guessed.sheets.get(name) or SheetMapping("")
        result.sheets[name] = sheet
        if not sheet.entity:
            raise ValueError(
                f'--fixed "{text}": it is not clear what sheet "{name}" holds, so its fields '
                "are not known. Say what it holds in a --mapping file."
            )
        hat = _hat_named(sheet.entity, field_text, value)
        if hat is not None:  # "hats=Volunteer": the Volunteer hat's column, Yes
            field_text, value = f"hats:{hat.value}", "Yes"
        column = column_of(sheet.entity, field_text) or next(
            (
                c
                for c in ENTITIES[sheet.entity].columns
                if squash(c.header) == squash(field_text) and c.kind not in _NOT_FIXED
            ),
            None,
        )
        key = column.key if column is not None else field_text
        sheet.fixed[key] = value.strip()
        try:
            check_sheet_mapping(name, sheet)
        except ValueError as error:
            raise ValueError(f'--fixed "{text}" cannot be used: {error}') from None
    return result
