"""The people of an audit summed up: their roles by stage and hat, their needs and wants.

For `analysis.stages` and `analysis.principles`, which turn these rows into findings.
"""

from __future__ import annotations

from coprod_desktop.domain.vocabulary import Hat

# Each role comes with its person's hats as a bit mask, so that one grouped query gives the
# counts by hat and by group: a few hundred rows at most, whatever the size of the audit.
HAT_BITS = {hat: 1 << number for number, hat in enumerate(Hat)}
_MASK = "CASE h.hat " + " ".join(f"WHEN '{h.value}' THEN {b}" for h, b in HAT_BITS.items())
# MATERIALIZED: the mask is worked out once per role, not again for the GROUP BY.
_ROLES_BY_STAGE = f"""
    WITH roles AS MATERIALIZED (
        SELECT r.stage, r.rung, r.decisions,
               (SELECT total({_MASK} ELSE 0 END) FROM person_hat AS h
                 WHERE h.person_id = r.person_id) AS mask
        FROM live_role AS r
        WHERE r.person_id NOT IN (SELECT id FROM deleted_person)
    )
    SELECT stage, rung, decisions, mask, count(*) FROM roles GROUP BY 1, 2, 3, 4
"""


def roles_by_stage(store) -> list[tuple]:
    """(stage, rung, decisions, hat mask, how many roles) of the live roles of live people,
    the mask a sum of HAT_BITS of the person's hats."""
    return store.query(_ROLES_BY_STAGE)


_PER_PERSON_ROLES = """
    SELECT r.person_id, max(r.decisions), max(r.title != ''), max(r.paid),
           group_concat(r.reciprocity, '|'), p.wants_in_return
    FROM live_role AS r JOIN live_person AS p ON p.id = r.person_id
    GROUP BY r.person_id
"""


def roles_per_person(store) -> list[tuple]:
    """(person ID, in decisions, has a title, paid, reciprocity codes joined by '|', wants in
    return) for every live person with live roles."""
    return store.query(_PER_PERSON_ROLES)


_HATS_OF_ROLE_HOLDERS = """
    SELECT h.person_id, h.hat FROM person_hat AS h
    WHERE h.person_id IN (SELECT person_id FROM live_role)
"""


def hats_of_role_holders(store) -> list[tuple]:
    """(person ID, hat) of the people with a live role (deleted people among them)."""
    return store.query(_HATS_OF_ROLE_HOLDERS)


# The needs, wants and languages of every person, from the index that holds just them
# (person_lists): the lists repeat a lot, so each distinct one is decoded once.
_PEOPLE_LISTS = """
    SELECT accessibility_needs, wants_in_return, languages, count(*) FROM live_person
    WHERE accessibility_needs != '[]' OR wants_in_return != '[]' OR languages != '[]'
    GROUP BY 1, 2, 3
"""


def people_lists(store) -> list[tuple]:
    """(needs, wants in return, languages: JSON lists, how many live people) of the people
    with any of them."""
    return store.query(_PEOPLE_LISTS)


_PEOPLE_BY_HAT = """
    SELECT h.hat, count(*) FROM person_hat AS h
    WHERE h.person_id NOT IN (SELECT id FROM deleted_person)
    GROUP BY h.hat
"""


def people_by_hat(store) -> list[tuple]:
    """(hat, how many people not deleted wear it)."""
    return store.query(_PEOPLE_BY_HAT)


def asset_accessibility(store, status: str) -> list[tuple]:
    """(accessibility: a JSON list,) of every live asset with `status`."""
    return store.query("SELECT accessibility FROM live_asset WHERE status = ?", (status,))


_EQUALITY_ANSWERS = """
    SELECT question, answer, count(*) FROM equality_answer
    WHERE person_id NOT IN (SELECT id FROM deleted_person)
    GROUP BY question, answer
"""


def equality_answers(store) -> list[tuple]:
    """(question, answer, how many people not deleted gave it)."""
    return store.query(_EQUALITY_ANSWERS)


def reference_shares(store) -> list[tuple]:
    """(question, group, share of the area) of the live reference shares, in no set order."""
    return store.query('SELECT question, "group", share FROM live_reference_share')
