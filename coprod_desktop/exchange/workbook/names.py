"""How people, capabilities and assets are named in an export: people as the privacy level's
policy allows (by name, or by pseudonym where their consent does not cover the level).

The PDF report names them the same way, so it imports this module (never the writer).
"""

from __future__ import annotations

from collections.abc import Iterable

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import ConsentScope, PrivacyLevel
from coprod_desktop.store.queries.records import columns_by_id


def display_name(
    name: str,
    pseudonym: str,
    consent: ConsentScope | str | None,
    level: PrivacyLevel | PrivacyPolicy,
) -> str:
    """Return how a person is named at `level`: by pseudonym unless the level's policy names
    them (at partner level, where their consent covers partners)."""
    return policy_for(level).display_name(name, pseudonym, consent)


class NameLookup:
    """Names of people, assets and capabilities by ID, looked up a batch at a time."""

    def __init__(self, store, level: PrivacyLevel | PrivacyPolicy) -> None:
        self.store = store
        self.policy = policy_for(level)

    def people(self, ids: Iterable[str | None]) -> dict[str, str]:
        return {
            person_id: self.policy.display_name(name, pseudonym, consent)
            for person_id, name, pseudonym, consent in columns_by_id(
                self.store, r.Person, ("id", "name", "pseudonym", "consent_scope"), ids
            )
        }

    def assets(self, ids: Iterable[str | None]) -> dict[str, str]:
        return dict(columns_by_id(self.store, r.CommunityAsset, ("id", "name"), ids))

    def capabilities(self, ids: Iterable[str | None]) -> dict[str, str]:
        """A capability is named by its description and its person, as people know it."""
        rows = columns_by_id(self.store, r.Capability, ("id", "person_id", "description"), ids)
        people = self.people(person_id for _, person_id, _ in rows)
        return {
            capability_id: f"{description} ({people.get(person_id, '')})"
            for capability_id, person_id, description in rows
        }
