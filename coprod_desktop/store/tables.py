"""How each kind of record maps to its table: columns, and values to and from SQLite.

Encoders and decoders are worked out once per field from the dataclass type hints, so that
writing 100,000 rows costs a function call per value, not a type inspection.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from coprod_desktop.domain import records as r

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def sort_key(text: str) -> str:
    """Return the form of a name that sorts as people expect: no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _optional(inner: type) -> tuple[type, bool]:
    args = typing.get_args(inner)
    if typing.get_origin(inner) in (typing.Union, types.UnionType) and type(None) in args:
        (rest,) = [a for a in args if a is not type(None)]
        return rest, True
    return inner, False


# One encoder for every list: json.dumps would build a new one per call with these options.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _same(value: Any) -> Any:
    return value


def _codec(hint: Any) -> tuple[Encoder, Decoder]:
    base, optional = _optional(hint)
    if typing.get_origin(base) is tuple:
        item = typing.get_args(base)[0]

        def encode_tuple(values: tuple) -> str:
            if not values:  # most lists are empty: skip json for them
                return "[]"
            return _to_json([str(v) for v in values])

        def decode_tuple(text: str) -> tuple:
            return tuple(item(v) for v in json.loads(text))

        return encode_tuple, decode_tuple
    if base is date:
        encode, decode = date.isoformat, date.fromisoformat
    elif isinstance(base, type) and issubclass(base, Enum):
        encode, decode = (lambda v: v.value), base
    elif base is bool:
        encode, decode = int, bool
    else:  # str, int, float: SQLite keeps them as they are
        return _same, _same
    if optional:
        return (lambda v: None if v is None else encode(v)), (
            lambda v: None if v is None else decode(v)
        )
    return encode, decode


@dataclass(frozen=True)
class Column:
    field: str
    name: str
    encode: Encoder
    decode: Decoder


@dataclass(frozen=True)
class Table:
    """A record class and the table it lives in."""

    record_type: type[r.Record]
    name: str
    columns: tuple[Column, ...]
    # Columns computed from the record for sorting (sort_name from name).
    sort_source: str | None = None
    # Columns a page may be sorted or filtered by (besides computed ones).
    sortable: tuple[str, ...] = ()

    @property
    def entity(self) -> str:
        return self.record_type.noun

    def column_names(self) -> list[str]:
        names = [c.name for c in self.columns]
        if self.sort_source:
            names.append("sort_name")
        return names

    @functools.cached_property
    def _fields(self) -> Callable[[r.Record], tuple]:
        return operator.attrgetter(*(c.field for c in self.columns))

    @functools.cached_property
    def _converters(self) -> list[tuple[int, Encoder]]:
        return [(i, c.encode) for i, c in enumerate(self.columns) if c.encode is not _same]

    def index(self, field: str) -> int:
        """Return the position of `field`'s value in the rows `encode` makes."""
        return next(i for i, c in enumerate(self.columns) if c.field == field)

    def encode(self, record: r.Record) -> list[Any]:
        """Return the record's column values, in the order of `column_names()`."""
        values = list(self._fields(record))
        for i, encode in self._converters:
            values[i] = encode(values[i])
        if self.sort_source:
            values.append(sort_key(getattr(record, self.sort_source)))
        return values

    @functools.cached_property
    def _decoders(self) -> list[tuple[int, Decoder]]:
        return [(i, c.decode) for i, c in enumerate(self.columns) if c.decode is not _same]

    @functools.cached_property
    def _field_names(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns)

    def decode(self, row: typing.Sequence[Any], **extra: Any) -> r.Record:
        # Identity decoders skipped (most columns): reading a large audit (an import's
        # matching of every row) spends much of its time here.
        values = list(row)
        for i, decode in self._decoders:
            if i < len(values):
                values[i] = decode(values[i])
        return self.record_type(**dict(zip(self._field_names, values, strict=False)), **extra)


# Fields kept in child tables rather than in a column.
_CHILD_FIELDS = {"hats", "equality"}
# Field names that are reserved words or differ in SQL.
_COLUMN_NAMES = {"group": '"group"'}


def _table(record_type: type[r.Record], name: str, **options: Any) -> Table:
    hints = typing.get_type_hints(record_type)
    columns = []
    for f in dataclasses.fields(record_type):
        if f.name in _CHILD_FIELDS:
            continue
        encode, decode = _codec(hints[f.name])
        columns.append(Column(f.name, _COLUMN_NAMES.get(f.name, f.name), encode, decode))
    return Table(record_type, name, tuple(columns), **options)


AUDIT = _table(r.Audit, "audit")
PERSON = _table(
    r.Person,
    "person",
    sort_source="name",
    sortable=("sort_name", "organisation", "pseudonym", "modified_at", "consent_review"),
)
CAPABILITY = _table(r.Capability, "capability", sortable=("kind", "description", "modified_at"))
ASSET = _table(
    r.CommunityAsset,
    "asset",
    sort_source="name",
    sortable=("sort_name", "category", "status", "area", "modified_at"),
)
ASSET_CONNECTION = _table(r.AssetConnection, "asset_person", sortable=("relation",))
ELEMENT_LINK = _table(r.ElementLink, "element_link", sortable=("element", "strength"))
ROLE = _table(r.Role, "role", sortable=("stage", "rung", "title"))
ASSESSMENT_ROUND = _table(r.AssessmentRound, "assessment_round", sortable=("held_on",))
ASSESSMENT_RATING = _table(r.AssessmentRating, "assessment_rating")
ACTION = _table(r.Action, "action", sortable=("due", "status", "element", "title", "owner"))
REFERENCE_SHARE = _table(r.ReferenceShare, "reference_share", sortable=("question",))

TABLES: dict[type[r.Record], Table] = {
    t.record_type: t
    for t in (
        AUDIT,
        PERSON,
        CAPABILITY,
        ASSET,
        ASSET_CONNECTION,
        ELEMENT_LINK,
        ROLE,
        ASSESSMENT_ROUND,
        ASSESSMENT_RATING,
        ACTION,
        REFERENCE_SHARE,
    )
}


def table_for(record_type: type[r.Record]) -> Table:
    try:
        return TABLES[record_type]
    except KeyError:
        raise TypeError(f"{record_type.__name__} is not stored in an audit") from None


# When a record is tombstoned, the records that hang off it go with it: (table, column).
DEPENDANTS: dict[type[r.Record], tuple[tuple[Table, str], ...]] = {
    r.Person: (
        (CAPABILITY, "person_id"),
        (ASSET_CONNECTION, "person_id"),
        (ELEMENT_LINK, "person_id"),
        (ROLE, "person_id"),
    ),
    r.Capability: ((ELEMENT_LINK, "capability_id"),),
    r.CommunityAsset: ((ASSET_CONNECTION, "asset_id"), (ELEMENT_LINK, "asset_id")),
    r.AssessmentRound: ((ASSESSMENT_RATING, "round_id"),),
}
