"""Benchmark of the .coprod store on the sample audit (not part of the test run).

    python tests/benchmarks/bench_store.py [--people 100000] [--small 10000]

Prints, for the large sample and a small one (to show what grows with the audit):
- creating the sample audit;
- opening the file and fetching the first page of 100 people sorted by name;
- full-text search, median and 95th percentile over a few hundred realistic queries;
- bulk insert of people through the store, as a ratio against bare sqlite3 `executemany` of
  the same rows (person, hats, equality answers) into the same schema in the same run, and
  against executemany into a plain table without indexes or search index.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from coprod_desktop.domain import Audit, Person
from coprod_desktop.sample import generate, write_sample
from coprod_desktop.store import AuditStore
from coprod_desktop.store import tables as t
from coprod_desktop.store.schema import SEARCH_SOURCES

TODAY = date(2026, 11, 23)
PERSON_SEARCH = next(s for s in SEARCH_SOURCES if s.table == "person")


def _time(action, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def bench_create(folder: Path, people: int) -> tuple[Path, float]:
    path = folder / f"sample-{people}.coprod"
    (seconds,) = _time(lambda: write_sample(path, people=people, seed=1, today=TODAY))
    return path, seconds


def bench_first_page(path: Path) -> float:
    def open_and_page() -> None:
        with AuditStore.open(path) as store:
            page = store.page(Person, sort="name", limit=100)
            assert len(page) == 100

    return statistics.median(_time(open_and_page, repeat=7))


def bench_search(path: Path, queries: int = 300) -> tuple[float, float, int]:
    with AuditStore.open(path, read_only=True) as store:
        rng = random.Random(7)
        words = []
        for person in store.page(Person, limit=1000):
            words += person.name.split()
        words += ["cook", "garden", "welsh", "mental", "bike", "library", "tŵr", "sian", "food"]
        terms = [rng.choice(words)[: rng.randint(3, 8)] for _ in range(queries)]
        terms += [f"{rng.choice(words)} {rng.choice(words)[:3]}" for _ in range(queries // 3)]
        times, hits = [], 0
        for term in terms:
            started = time.perf_counter()
            hits += len(store.search(term))
            times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(times)


def _people(count: int) -> list[Person]:
    people = [
        record
        for record in generate(people=count, seed=3, today=TODAY)
        if isinstance(record, Person)
    ]
    # Pseudonyms are filled in as the store would, so both sides write identical rows.
    return [dataclasses.replace(p, pseudonym=f"Participant {i}") for i, p in enumerate(people, 1)]


def bench_bulk_insert(folder: Path, count: int) -> dict[str, float]:
    people = _people(count)

    ours_path = folder / "bulk-ours.coprod"
    with AuditStore.create(ours_path, Audit(title="Bulk")) as store:
        (ours,) = _time(lambda: store.add_many(people))

    bare_path = folder / "bulk-bare.coprod"
    rows = [
        [*t.PERSON.encode(dataclasses.replace(p, created_at="x", modified_at="x"))] for p in people
    ]
    hats = [(p.id, h.value) for p in people for h in p.hats]
    answers = [(p.id, q, a) for p in people for q, a in p.equality.items()]
    names = t.PERSON.column_names()
    insert = f"INSERT INTO person ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def bare_insert(connection: sqlite3.Connection, index_in_bulk: bool = False) -> None:
        connection.execute("BEGIN")
        if index_in_bulk:  # the search index built in one statement, as the store does
            connection.execute("DROP TRIGGER person_search_insert")
        connection.executemany(insert, rows)
        connection.executemany("INSERT INTO person_hat VALUES (?, ?)", hats)
        connection.executemany("INSERT INTO equality_answer VALUES (?, ?, ?)", answers)
        if index_in_bulk:
            connection.execute(PERSON_SEARCH.bulk_insert(), (0,))
            connection.execute(PERSON_SEARCH.insert_trigger)
        connection.execute("COMMIT")

    def bare_connection(path: Path) -> sqlite3.Connection:
        AuditStore.create(path, Audit(title="Bulk")).close()
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    connection = bare_connection(bare_path)
    (bare,) = _time(lambda: bare_insert(connection, index_in_bulk=True))
    connection.close()
    connection = bare_connection(folder / "bulk-bare-triggers.coprod")
    (triggers,) = _time(lambda: bare_insert(connection))
    connection.close()

    plain_path = folder / "bulk-plain.sqlite"
    connection = sqlite3.connect(plain_path, isolation_level=None)
    connection.execute(f"CREATE TABLE person ({', '.join(names)})")
    connection.execute("CREATE TABLE person_hat (person_id, hat)")
    connection.execute("CREATE TABLE equality_answer (person_id, question, answer)")
    (plain,) = _time(lambda: bare_insert(connection))
    connection.close()
    return {
        "ours": ours,
        "bare_same_schema": bare,
        "bare_same_schema_row_triggers": triggers,
        "bare_plain_table": plain,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in (args.small, args.people):
            path, created = bench_create(folder, size)
            megabytes = path.stat().st_size / 1e6
            print(f"[{size:>7,} people] create sample: {created:6.2f} s ({megabytes:.0f} MB)")
            page = bench_first_page(path)
            print(
                f"[{size:>7,} people] open + first page of 100 by name: {page * 1000:6.1f} ms"
                " (goal < 300 ms)"
            )
            median, p95, n = bench_search(path)
            print(
                f"[{size:>7,} people] search over {n} queries: median {median * 1000:.1f} ms,"
                f" p95 {p95 * 1000:.1f} ms (goal p95 < 30 ms)"
            )
        bulk = bench_bulk_insert(folder, args.people)
        print(f"bulk insert of {args.people:,} people (with hats and equality answers):")
        print(f"  {'store.add_many (validates, stamps, encodes, logs)':<62} {bulk['ours']:6.2f} s")
        baselines = [
            ("bare executemany, same schema, same bulk search indexing", "bare_same_schema"),
            (
                "bare executemany, same schema, search index by row triggers",
                "bare_same_schema_row_triggers",
            ),
            ("bare executemany, plain tables: no indexes, no search", "bare_plain_table"),
        ]
        for label, key in baselines:
            goal = " (goal <= 1.5x)" if key == "bare_same_schema" else ""
            print(
                f"  {label:<62} {bulk[key]:6.2f} s   ours/bare {bulk['ours'] / bulk[key]:.2f}x"
                f"{goal}"
            )


if __name__ == "__main__":
    main()
