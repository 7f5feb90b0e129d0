"""Edits through the session: written at once, undone and redone from the file."""

from coprod_desktop.domain import Hat, Person, Role, Rung, Stage
from coprod_desktop.store import AuditStore


def test_add_update_delete_undo_and_redo_reach_the_file(session, audit_path):
    changes = []
    session.changed.connect(changes.append)
    stack = session.undo_stack
    person = session.add(Person(name="Siân Evans", hats=(Hat.LIVED_EXPERIENCE,)))
    role = session.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN))
    session.update(Person(**{**person.__dict__, "organisation": "Tŷ Cymunedol"}))
    assert stack.count() == 3 and changes == [Person, Role, Person]
    # Named as the window shows the person to the audit team, not by the pseudonym.
    assert stack.undoText() == "Change person 'Siân Evans'"

    stack.undo()
    with AuditStore.open(audit_path, read_only=True) as other:
        assert other.get(Person, person.id).organisation == ""
    stack.undo()
    assert session.store.get(Role, role.id) is None
    stack.redo()
    stack.redo()
    assert session.store.get(Role, role.id).rung is Rung.CO_DESIGN
    assert session.store.get(Person, person.id).organisation == "Tŷ Cymunedol"

    session.delete(person)
    assert session.store.get(Role, role.id) is None  # deleted with the person
    stack.undo()
    assert session.store.get(Role, role.id) is not None


def test_an_edit_that_changes_nothing_is_not_an_undo_step(session):
    person = session.add(Person(name="Ann"))
    session.update(person)
    assert session.undo_stack.count() == 1


def test_edits_grouped_undo_together(session):
    with session.edit("Add Ann with a role"):
        person = session.add(Person(name="Ann"))
        session.add(Role(person_id=person.id, stage=Stage.DELIVERY, rung=Rung.ENGAGEMENT))
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.store.count(Person) == 0 and session.store.count(Role) == 0
