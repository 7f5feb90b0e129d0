"""The links to the elements summed up: coverage of each element, untapped capabilities.

For `analysis.coverage`.
"""

from __future__ import annotations

# A link counts only when its target is live as well. Deleted targets are few (deleting a
# record deletes its links too; only merged copies can leave one behind), so leaving out the few
# tombstoned ids is much faster than looking up the target of every link.
_LIVE_LINKS = """
    FROM live_element_link AS l
    WHERE (l.person_id IS NULL
           OR l.person_id NOT IN (SELECT id FROM deleted_person))
      AND (l.capability_id IS NULL
           OR l.capability_id NOT IN (SELECT id FROM deleted_capability))
      AND (l.asset_id IS NULL
           OR l.asset_id NOT IN (SELECT id FROM deleted_asset))
"""

_COVERAGE = f"""
    SELECT l.element,
           count(DISTINCT CASE WHEN l.strength >= 1 THEN l.person_id END),
           count(DISTINCT CASE WHEN l.strength >= 1 THEN l.capability_id END),
           count(DISTINCT CASE WHEN l.strength >= 1 THEN l.asset_id END),
           total(l.strength = 3),
           total(l.strength),
           total(l.strength = 2),
           total(l.strength = 1)
    {_LIVE_LINKS}
    GROUP BY l.element
"""


def element_sums(store) -> list[tuple]:
    """(element, people, capabilities, assets linked with strength 1 or more, strong links,
    total strength, moderate links, weak links) of each element with live links."""
    return store.query(_COVERAGE)


_UNTAPPED_COUNT = f"""
    SELECT (SELECT count(*) FROM live_capability)
         - (SELECT count(DISTINCT l.capability_id) {_LIVE_LINKS}
            AND l.capability_id IS NOT NULL AND l.strength >= 1)
"""
# Most capabilities of a large audit are untapped: walking back from the newest stops soon.
_UNTAPPED_EXAMPLES = """
    SELECT c.id, c.description, c.kind, p.name
    FROM live_capability AS c JOIN person AS p ON p.id = c.person_id
    WHERE NOT EXISTS (
        SELECT 1 FROM live_element_link AS l
        WHERE l.capability_id = c.id AND l.strength >= 1)
    ORDER BY c.rowid DESC LIMIT ?
"""


def untapped_count(store) -> int:
    """How many live capabilities are linked to no element with strength 1 or more."""
    return store.query(_UNTAPPED_COUNT)[0][0]


def untapped_examples(store, limit: int) -> list[tuple]:
    """(ID, description, kind, person's name) of the newest `limit` untapped capabilities."""
    return store.query(_UNTAPPED_EXAMPLES, (limit,))
