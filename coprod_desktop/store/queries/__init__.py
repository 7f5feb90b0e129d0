"""The store's read queries, grouped by what they answer, for the modules outside the store.

Every SQL statement of the program lives in `coprod_desktop.store`: the analyses, the
exchange and the window ask these functions, which take the open AuditStore and return plain
rows (tuples, as SQLite gives them) or numbers. The live records are read through the TEMP
views of `live` (live_person, deleted_person...).
"""
