"""The sample audit: a made-up but plausible co-production audit of a fictional town.

Everything comes from `random.Random(seed)` and dates are counted back from `today`, so the same
(people, seed, today) always gives the same records, UUIDs included. Each part of the audit
(people, capabilities, assets...) draws from its own generator seeded from the main one, so that
changing how one part is made does not reshuffle the others.

Records come out grouped by kind, parents first: all people, then all capabilities, assets,
asset connections, element links, roles, rounds, ratings, actions and reference shares. That is
the order `AuditStore.add_many` needs, and long runs of one kind are what it saves fastest.

Each part is made in a module of its own: people (with equality_answers), capabilities,
assets (and connections), links, roles, rounds, actions (and reference shares).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

from coprod_desktop.domain.records import Audit, Record
from coprod_desktop.sample.actions import make_actions, make_shares
from coprod_desktop.sample.assets import asset_count, make_assets, make_connections
from coprod_desktop.sample.capabilities import make_capabilities
from coprod_desktop.sample.chance import new_uuid
from coprod_desktop.sample.data import places
from coprod_desktop.sample.links import PendingLink, make_links
from coprod_desktop.sample.people import PersonInfo, make_people
from coprod_desktop.sample.roles import make_roles
from coprod_desktop.sample.rounds import make_rounds

DEFAULT_PEOPLE = 300


class SampleAudit:
    """One sample audit: `audit()` is its details, `records()` everything in it."""

    def __init__(
        self, people: int = DEFAULT_PEOPLE, seed: int = 1, today: date | None = None
    ) -> None:
        if people < 0:
            raise ValueError(f"the number of people must be 0 or more, not {people}")
        self.people = people
        self.seed = seed
        self.today = today or date.today()
        master = Random(seed)
        self._audit_id = new_uuid(master)
        # One generator per part, seeded from the main one.
        self._seeds = {
            part: master.getrandbits(64)
            for part in (
                "places",
                "people",
                "capabilities",
                "assets",
                "connections",
                "links",
                "roles",
                "rounds",
                "actions",
                "shares",
            )
        }
        self._postcodes = self._make_postcodes(Random(self._seeds["places"]))

    # -- the audit ---------------------------------------------------------------------------

    def audit(self) -> Audit:
        start = self.today - timedelta(days=245)
        return Audit(
            id=self._audit_id,
            title=f"{places.TITLE} {start.year}",
            organisation=places.ORGANISATION,
            area=places.AREA,
            purpose=places.PURPOSE,
            start_date=start,
            operators=places.OPERATORS,
        )

    def records(self) -> Iterator[Record]:
        """Yield every record of the sample, parents first, grouped by kind.

        Each call starts afresh and yields the same records again.
        """
        # Each part gets its own generator when it starts, after the part before is done.
        seeds, today = self._seeds, self.today
        people: list[PersonInfo] = []
        capability_links: list[PendingLink] = []
        assets: list[tuple[str, int]] = []  # (ID, neighbourhood)
        asset_links: list[PendingLink] = []
        yield from make_people(Random(seeds["people"]), self.people, today, self._postcodes, people)
        yield from make_capabilities(Random(seeds["capabilities"]), people, capability_links)
        yield from make_assets(
            Random(seeds["assets"]), self.asset_count(), self._postcodes, assets, asset_links
        )
        yield from make_connections(Random(seeds["connections"]), people, assets)
        yield from make_links(Random(seeds["links"]), people, capability_links, asset_links)
        yield from make_roles(Random(seeds["roles"]), people)
        yield from make_rounds(Random(seeds["rounds"]), today)
        yield from make_actions(Random(seeds["actions"]), self.people, today, people)
        yield from make_shares(Random(seeds["shares"]))

    # -- places ------------------------------------------------------------------------------

    @staticmethod
    def _make_postcodes(rng: Random) -> list[list[str]]:
        letters = places.POSTCODE_LETTERS
        result = []
        for neighbourhood in places.NEIGHBOURHOODS:
            codes: list[str] = []
            while len(codes) < 60:
                code = (
                    f"{neighbourhood.district} {rng.randint(1, 9)}"
                    f"{rng.choice(letters)}{rng.choice(letters)}"
                )
                if code not in codes:
                    codes.append(code)
            result.append(codes)
        return result

    # -- community assets ---------------------------------------------------------------------

    def asset_count(self) -> int:
        return asset_count(self.people)
