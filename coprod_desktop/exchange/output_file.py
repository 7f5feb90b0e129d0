"""Writing an export safely: to a temporary file beside the destination, moved into place at
the end, so that a cancelled or failed export leaves nothing behind and never damages a file of
the same name. Problems of the disk become an `ExportError` that says what to do.

Before anything is written, and again just before the finished file is moved into place, the
destination is checked (`store.outputs.check_output`): never the audit, its lock or backups or
a file being read, under any name, and never an existing file of another kind."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.store.outputs import OutputKind, OutputRefused, Protected, check_output


def _temporary_beside(path: Path) -> Path:
    """Make the temporary file, in the destination's folder (so that moving it into place is
    instant, and a missing folder is found before the work)."""
    # Not mkstemp: its files are private (0600), and the export should get the permissions of
    # any new file of the user's.
    temporary = path.with_name(f".{path.stem}-{uuid.uuid4().hex[:12]}{path.suffix}.part")
    try:
        open(temporary, "xb").close()
    except FileNotFoundError:
        raise ExportError(
            f'Cannot write "{path}": the folder {path.parent} does not exist. Choose another '
            "folder."
        ) from None
    except OSError as error:
        raise ExportError(
            f"Cannot write in the folder {path.parent}: {error.strerror}. Choose a folder you "
            "can write to, such as Documents."
        ) from None
    return temporary


def _check(path: Path, kind: OutputKind, protected: list[Protected]) -> None:
    try:
        check_output(path, kind, protected)
    except OutputRefused as refused:
        raise ExportError(str(refused)) from None


@contextlib.contextmanager
def replacing(
    path: Path, reader: str, kind: OutputKind, protected: Iterable[Protected] = ()
) -> Iterator[Path]:
    """Yield a temporary path to write to; put it in place of `path` when the block ends
    without error. `reader` names the program that may hold the file open ("Excel"); `kind`
    is what is written, and `protected` the files it must never replace (the audit's files,
    the inputs): `ExportError` before anything is written if `path` is one of them."""
    protected = list(protected)
    _check(path, kind, protected)
    temporary = _temporary_beside(path)
    try:
        yield temporary
        _check(path, kind, protected)  # nothing appeared there in the meantime
        os.replace(temporary, path)
    except PermissionError:
        raise ExportError(
            f'Cannot replace "{path}": it is open in another program ({reader}?) or read-only. '
            "Close it, or choose another name, and export again."
        ) from None
    except IsADirectoryError:
        raise ExportError(
            f'Cannot write "{path}": a folder of that name is in the way. Choose another name.'
        ) from None
    except OSError as error:
        raise ExportError(
            f'Could not write "{path}": {error.strerror or error}. If the disk is full, free '
            "some space or choose another drive, and export again."
        ) from None
    finally:
        with contextlib.suppress(OSError):
            os.remove(temporary)
