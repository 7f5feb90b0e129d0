"""Writing whole files safely: a copy is synced before it gets its name, and a finished file
never replaces one that appeared in the meantime."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from coprod_desktop.store.errors import AuditExistsError, AuditWriteError


def already_exists(path: Path) -> AuditExistsError:
    return AuditExistsError(
        path, "already exists.", "Choose another name, or open the existing audit."
    )


def move_into_place(source: Path, target: Path, *, overwrite: bool = False) -> None:
    """Move the finished file `source` to `target`.

    Without `overwrite`, a file at `target` is never replaced, even one that appeared while
    `source` was being written: a hard link fails when the target exists. Where there are no
    hard links (FAT USB sticks, some network shares) it checks, then renames.
    """
    try:
        if overwrite:
            os.replace(source, target)
            return
        try:
            os.link(source, target)
        except FileExistsError:
            raise already_exists(target) from None
        except (OSError, NotImplementedError):
            if target.exists():
                raise already_exists(target) from None
            os.replace(source, target)
            return
        source.unlink()
    except OSError as error:
        raise AuditWriteError(
            target,
            f"could not be written ({error.strerror or error}).",
            "Choose a folder you can write to, with free space.",
        ) from error


def copy_file(source: Path, destination: Path) -> None:
    """Copy the bytes of `source`, synced to disk, and only then give the copy its name."""
    partial = destination.with_name(destination.name + ".partial")
    try:
        with source.open("rb") as reader, partial.open("xb") as writer:
            shutil.copyfileobj(reader, writer, 1024 * 1024)
            writer.flush()
            os.fsync(writer.fileno())
        move_into_place(partial, destination)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
