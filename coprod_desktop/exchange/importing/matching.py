"""Rows without an ID that are records already in the audit, found by what they say.

A partner's own sheet has no IDs of ours, so a sheet imported once with only its valid rows,
corrected and imported again, would add its good rows a second time. Each such row is looked
for among the audit's live records first, without case and with single spaces:

- a person: the same name and the same e-mail address or phone number (digits only, +44 read
  as 0, the leading 0 Excel drops from a number put back). The name alone is enough only when
  neither the row nor the one person of that name in the audit has an e-mail address or phone
  number: a row that gives contact details the audit's person does not have, or the other way
  round, stays a likely duplicate for the user to decide;
- a capability: the same person, kind and description;
- a community asset: the same name, with the same postcode and area when both give one;
- a role: the same person and stage (a person has one role per stage);
- an element link: the same element and the same person, capability or asset;
- an action: the same title.

(Ratings of a self-assessment round come only from our own workbooks, by ID; a row without
one is a new rating.)

A row found this way is "unchanged", or "changed" in the fields it gives that differ; an empty
cell does not clear what the audit holds (a partner's sheet leaves out what they do not know).
Each record can be found by one row of a file: a second row that finds the same record is a
duplicate within the file. The audit's records are read in bulk when a sheet first needs them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.exchange.importing.state import fold
from coprod_desktop.store.queries.records import live_columns

_NOT_DIGITS = re.compile(r"\D+")


def email_key(text: Any) -> str:
    return str(text or "").strip().casefold()


def phone_key(text: Any) -> str:
    """A phone number as compared: its digits, an international +44 (or 0044) as 0, and the
    0 that Excel drops from a UK number typed as a number (7700900123) put back."""
    raw = str(text or "").strip()
    digits = _NOT_DIGITS.sub("", raw)
    if raw.startswith("+44") or digits.startswith("0044"):
        digits = "0" + digits[4 if digits.startswith("0044") else 2 :]
    elif len(digits) == 10 and not digits.startswith("0") and not raw.startswith("+"):
        digits = "0" + digits
    return digits


def postcode_key(text: Any) -> str:
    return "".join(str(text or "").split()).upper()


def text_key(text: Any) -> str:
    return fold(str(text or ""))


# The fields that identify a record of each kind, with how they are compared: a row that
# differs from the record only in how these are written (case, spaces) is unchanged.
KEY_FIELDS: dict[type[r.Record], dict[str, Any]] = {
    r.Person: {"name": text_key, "email": email_key, "phone": phone_key},
    r.Capability: {"description": text_key},
    r.CommunityAsset: {"name": text_key, "postcode": postcode_key, "area": text_key},
    r.Action: {"title": text_key},
}

# What a match is by, for the preview.
HOW = {
    r.Person: "people by name and e-mail address or phone number",
    r.Capability: "capabilities by person, kind and description",
    r.CommunityAsset: "community assets by name (and postcode or area)",
    r.Role: "roles by person and stage",
    r.ElementLink: "element links by element and what is linked",
    r.Action: "actions by title",
}


def _value(value: Any) -> str:
    return getattr(value, "value", value) or ""


class AuditRecords:
    """The audit's live records of one kind, indexed by what identifies them."""

    def __init__(self, store, record_type: type[r.Record]) -> None:
        self.record_type = record_type
        self._index: dict[Any, list[Any]] = defaultdict(list)

        def live(*columns: str) -> list[tuple]:
            return live_columns(store, record_type, *columns, in_order_added=True)

        if record_type is r.Person:
            for record_id, name, email, phone in live("id", "name", "email", "phone"):
                self._index[text_key(name)].append((record_id, email_key(email), phone_key(phone)))
        elif record_type is r.Capability:
            for record_id, person_id, kind, description in live(
                "id", "person_id", "kind", "description"
            ):
                self._index[(person_id, kind, text_key(description))].append(record_id)
        elif record_type is r.CommunityAsset:
            for record_id, name, postcode, area in live("id", "name", "postcode", "area"):
                self._index[text_key(name)].append(
                    (record_id, postcode_key(postcode), text_key(area))
                )
        elif record_type is r.Role:
            for record_id, person_id, stage in live("id", "person_id", "stage"):
                self._index[(person_id, stage)].append(record_id)
        elif record_type is r.ElementLink:
            for record_id, element, person_id, capability_id, asset_id in live(
                "id", "element", "person_id", "capability_id", "asset_id"
            ):
                self._index[(element, person_id, capability_id, asset_id)].append(record_id)
        elif record_type is r.Action:
            for record_id, title in live("id", "title"):
                self._index[text_key(title)].append(record_id)

    def candidates(self, fields: dict[str, Any]) -> tuple[list[str], str]:
        """The IDs of the records a row with these fields is, best first, and what they
        were found by ("" when none)."""
        kind = self.record_type
        if kind is r.Person:
            return self._people(fields)
        if kind is r.CommunityAsset:
            return self._assets(fields)
        key = content_key(kind, fields)
        if key is None:
            return [], ""
        found = list(self._index.get(key, ()))
        return found, "same" if found else ""

    def _people(self, fields: dict[str, Any]) -> tuple[list[str], str]:
        named = self._index.get(text_key(fields.get("name")), ())
        if not named:
            return [], ""
        email, phone = email_key(fields.get("email")), phone_key(fields.get("phone"))
        if email or phone:
            by_email = [i for i, e, _p in named if email and e == email]
            by_phone = [i for i, _e, p in named if phone and p == phone and i not in by_email]
            found = by_email + by_phone
            how = "name and e-mail address" if by_email else "name and phone number"
            return found, how if found else ""
        # The name alone: the one person of that name, who has no contact details either.
        if len(named) == 1 and not named[0][1] and not named[0][2]:
            return [named[0][0]], "name"
        return [], ""

    def _assets(self, fields: dict[str, Any]) -> tuple[list[str], str]:
        named = self._index.get(text_key(fields.get("name")), ())
        postcode, area = postcode_key(fields.get("postcode")), text_key(fields.get("area"))
        same, fits = [], []
        for record_id, their_postcode, their_area in named:
            if postcode and their_postcode and postcode != their_postcode:
                continue  # two libraries of one name in two places
            if area and their_area and area != their_area:
                continue
            (same if postcode and postcode == their_postcode else fits).append(record_id)
        found = same + fits
        return found, "name" if found else ""


def content_key(record_type: type[r.Record], fields: dict[str, Any]) -> Any:
    """What identifies a record of these fields other than people and assets (None when the
    fields do not say): used for the audit's records and the new rows of the file alike."""
    if record_type is r.Capability:
        if not fields.get("person_id") or not fields.get("kind") or not fields.get("description"):
            return None
        return (fields["person_id"], _value(fields["kind"]), text_key(fields["description"]))
    if record_type is r.Role:
        if not fields.get("person_id") or not fields.get("stage"):
            return None
        return (fields["person_id"], _value(fields["stage"]))
    if record_type is r.ElementLink:
        if not fields.get("element"):
            return None
        targets = tuple(fields.get(k) for k in ("person_id", "capability_id", "asset_id"))
        if not any(targets):
            return None
        return (_value(fields["element"]), *targets)
    if record_type is r.Action:
        title = text_key(fields.get("title"))
        return title or None
    return None
