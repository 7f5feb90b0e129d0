"""What a file written by Coprod Desktop may replace: never the audit, its lock, its journal,
its backup copies or a file the command reads, under whatever name (a copy named like the
output, a hard link, a symbolic link, a path through a linked folder); and never an existing
file that is not of the kind written (a workbook replaces a workbook, not an audit).

Every writer calls `check_output` before it writes anything and again just before it moves
its finished file into place. It lives in the store because the store names the audit's
companion files; the exchange layer and the window use it from here.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from coprod_desktop.store.connection import journal_path
from coprod_desktop.store.errors import AuditExistsError
from coprod_desktop.store.fileformat import SQLITE_MAGIC
from coprod_desktop.store.lock import lock_path
from coprod_desktop.store.schema import APPLICATION_ID

# The backup copies the store writes beside an audit (audit_store: before an upgrade; check:
# before clearing old dates), as glob patterns after the audit's escaped stem.
BACKUP_PATTERNS = (".v*-backup-*.coprod", ".before-date-fix-*.coprod")
# A column mapping is a few KB; a larger file at its name is not one we wrote.
MAX_MAPPING_BYTES = 1024 * 1024
MAPPING_FORMAT = "coprod-desktop import mapping"


class OutputKind(Enum):
    """What a writer writes, in words for messages."""

    WORKBOOK = "workbook"
    REPORT = "report"
    MAPPING = "column mapping"
    AUDIT = "copy of the audit"
    TEXT = "list"  # the CSV of an import's problems

    @property
    def expected(self) -> str:
        return {
            OutputKind.WORKBOOK: "a workbook",
            OutputKind.REPORT: "a PDF",
            OutputKind.MAPPING: "a column mapping",
            OutputKind.AUDIT: "a Coprod audit",
            OutputKind.TEXT: "a text file",
        }[self]


class OutputRefused(AuditExistsError):
    """A file would have been written where it must not be; nothing was written."""


@dataclass(frozen=True)
class Protected:
    """A file no output may replace, and what it is, in words: `what` where the output has
    its very name ('the audit'), `named` where it is the same file under another name ('the
    audit "a.coprod"'; `what` when empty)."""

    path: Path
    what: str
    named: str = ""


def audit_files(audit: Path | str) -> list[Protected]:
    """The audit and the files beside it that belong to it: its lock, its journal and the
    backup copies the store wrote (whether or not each exists now)."""
    audit = Path(audit)
    name = f'the audit "{audit.name}"'
    files = [
        Protected(audit, "the audit", name),
        Protected(lock_path(audit), f"the lock file of {name}"),
        Protected(journal_path(audit), f"the journal of {name}"),
    ]
    stem = glob.escape(str(audit.with_name(audit.stem)))
    for pattern in BACKUP_PATTERNS:
        files += [
            Protected(Path(found), f"a backup copy of {name}")
            for found in sorted(glob.glob(stem + pattern))
        ]
    return files


def input_file(path: Path | str, what: str) -> Protected:
    """A file the command reads (`what`: "the file being imported")."""
    path = Path(path)
    return Protected(path, what, f'{what} "{path.name}"')


def check_output(destination: Path | str, kind: OutputKind, protected: Iterable[Protected]) -> None:
    """Raise `OutputRefused` if `destination` is one of the `protected` files under any name,
    or an existing file that is not of `kind`; return quietly if writing there is safe."""
    destination = Path(destination)
    for item in protected:
        alias = _same_file(destination, item.path)
        if alias is not None:
            what = f"{item.named or item.what}{alias}" if alias else item.what
            raise OutputRefused(
                destination,
                f"is {what}: writing the {kind.value} there would replace it. Nothing was written.",
                f"Choose another name or folder for the {kind.value}.",
            )
    found = _kind_in_the_way(destination, kind)
    if found is not None:
        if not found.startswith("not "):
            found = f"{found}, not {kind.expected}"
        raise OutputRefused(
            destination,
            f"already exists and is {found}, so it was left as it is. Nothing was written.",
            f"Choose another name for the {kind.value}, or move that file away first.",
        )


def _same_file(destination: Path, protected: Path) -> str | None:
    """None if the two are different files; else "" when they are the same path, or words
    saying that `destination` is the same file under another name."""
    try:
        same = os.path.samefile(destination, protected)  # same device and inode
    except OSError:  # one of them does not exist (yet): compare where the paths lead
        same = _where(destination) == _where(protected)
    if not same:
        return None
    if os.path.abspath(destination) == os.path.abspath(protected):
        return ""
    return " (the same file under another name)"


def _where(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _kind_in_the_way(destination: Path, kind: OutputKind) -> str | None:
    """What the existing file at `destination` is, in words, if it is not of `kind`."""
    try:
        info = os.stat(destination)  # through a link: what the link leads to
    except FileNotFoundError:
        return None  # nothing there, or a link to nothing: replacing it loses nothing
    except OSError:
        return None  # cannot be looked at; the writer's own error says why
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    if not stat.S_ISREG(info.st_mode):  # never opened: a named pipe would wait for ever
        return "not an ordinary file (a named pipe or a device)"
    if info.st_size == 0:
        return None  # an empty file holds nothing to lose
    try:
        with open(destination, "rb") as file:
            head = file.read(1024)
    except OSError:
        return None  # open in another program, or not ours to read: the writer says so
    found = _what_it_is(destination, head)
    if kind is OutputKind.WORKBOOK:
        return None if found == "a workbook" else found
    if kind is OutputKind.REPORT:
        return None if found == "a PDF" else found
    if kind is OutputKind.AUDIT:
        return None if found == "a Coprod audit" else found
    if kind is OutputKind.MAPPING:
        if found != "a file of another kind":
            return found
        return None if _is_mapping(destination, info.st_size) else "not a column mapping"
    # TEXT: a file of none of the kinds above, and without NUL bytes
    if found != "a file of another kind":
        return found
    return "not a text file" if b"\x00" in head else None


def _what_it_is(path: Path, head: bytes) -> str:
    if head.startswith(SQLITE_MAGIC):
        application = int.from_bytes(head[68:72], "big")
        return "a Coprod audit" if application == APPLICATION_ID else "an SQLite database"
    if b"%PDF-" in head:  # readers allow bytes before it, within the first KB
        return "a PDF"
    if head.startswith(b"PK\x03\x04"):
        return "a workbook" if _is_workbook(path) else "a zip file of another kind"
    return "a file of another kind"


def _is_workbook(path: Path) -> bool:
    # Reads the list of parts only, not their contents.
    with contextlib.suppress(OSError, zipfile.BadZipFile, ValueError), zipfile.ZipFile(path) as z:
        return "xl/workbook.xml" in z.namelist()
    return False


def _is_mapping(path: Path, size: int) -> bool:
    if size > MAX_MAPPING_BYTES:
        return False
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == MAPPING_FORMAT
