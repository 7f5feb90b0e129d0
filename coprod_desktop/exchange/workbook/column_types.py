"""How a workbook's sheets and columns are described: a column's kind (how its values are
written and read) and sensitivity (who may see it, as each level's policy says), and a sheet
of one row per record; and the columns several sheets share (IDs, the person, hats,
equality answers). The sheets themselves are in `columns`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, Sensitivity, policy_for
from coprod_desktop.domain.vocabulary import Coded, Hat, PrivacyLevel


class Kind(StrEnum):
    """How a column's values are written and read."""

    ID = "id"  # the row's own UUID, for matching on import
    REF = "ref"  # the UUID of a parent record (person, asset, round)
    REF_NAME = "ref_name"  # the parent's name, written for readers; used to find new parents
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"  # one coded value, written as its label
    CHOICES = "choices"  # several coded values, labels separated by "; "
    WORDS = "words"  # several free words (languages, tags), separated by "; "
    STRENGTH = "strength"  # 0-3
    RATING = "rating"  # 1-5, blank for not assessed
    HAT = "hat"  # Yes/No: does the person wear this hat (one column per hat)
    EQUALITY = "equality"  # an equality-monitoring answer (internal only)


@dataclass(frozen=True)
class Column:
    """One column of a data sheet."""

    key: str  # the record's field; for HAT "hat:<code>", for EQUALITY "equality:<question>"
    header: str
    kind: Kind
    width: int = 16
    choices: type[Coded] | None = None
    sensitivity: Sensitivity = Sensitivity.ORDINARY
    required: bool = False
    # A prompt shown when a cell of the column is selected (Excel's input message).
    prompt: str = ""
    # Other headers partners use for this field, for mapping their own sheets (lower case).
    synonyms: tuple[str, ...] = ()

    def shown_at(self, level: PrivacyLevel | PrivacyPolicy) -> bool:
        return policy_for(level).shown(self.sensitivity)

    @property
    def folded(self) -> bool:
        """Whether the column is folded away in a workbook: IDs are for matching rows on import,
        not for reading (the row's own ID, its person's, round's or linked record's)."""
        return self.kind in (Kind.ID, Kind.REF)

    @property
    def field(self) -> str:
        """The record field this column fills (hats and equality answers share one field)."""
        return self.key.split(":", 1)[0]

    @property
    def code(self) -> str:
        """The hat or equality question of a HAT or EQUALITY column."""
        return self.key.split(":", 1)[1]


@dataclass(frozen=True)
class Sheet:
    """A data sheet: one row per record of `record_type`."""

    name: str
    record_type: type[r.Record]
    table_name: str  # the Excel table's name (no spaces)
    columns: tuple[Column, ...]
    about: str  # one line for the Read me sheet
    # The parent record a row belongs to, as (field, record type), e.g. person_id of a capability.
    parent: tuple[str, type[r.Record]] | None = None
    importable: bool = True
    examples: tuple[dict[str, object], ...] = field(default=())

    def columns_at(self, level: PrivacyLevel | PrivacyPolicy) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.shown_at(level))

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def id_column(noun: str) -> Column:
    return Column(
        "id",
        f"{noun} ID (leave as it is)",
        Kind.ID,
        width=12,
        prompt="Used to match this row when the workbook comes back. Leave it empty on new rows.",
    )


def person_ref_columns() -> tuple[Column, Column]:
    return (
        Column("person_id", "Person ID", Kind.REF, width=12, prompt="Leave as it is."),
        Column(
            "person_name",
            "Person",
            Kind.REF_NAME,
            width=24,
            required=True,
            prompt="The person's name exactly as on the People sheet.",
            synonyms=("name", "person name", "full name", "who"),
        ),
    )


def hat_columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            f"hats:{hat.value}",
            hat.label,
            Kind.HAT,
            width=max(10, len(hat.label) + 3),
            prompt=f'Does this person wear the "{hat.label}" hat? Yes or No.',
        )
        for hat in Hat
    )


def equality_columns() -> tuple[Column, ...]:
    from coprod_desktop.domain.equality import QUESTIONS

    return tuple(
        Column(
            f"equality:{q.key}",
            f"Equality: {q.label}",
            Kind.EQUALITY,
            width=max(14, len(q.label) + 12),
            sensitivity=Sensitivity.SPECIAL,
            prompt=q.prompt,
        )
        for q in QUESTIONS
    )
