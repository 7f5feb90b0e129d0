"""The `coprod-desktop` command: opens the window, or runs one of its sub-commands.

Exit codes: 0 success; 1 a problem with the user's files or data (one line on stderr);
2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coprod_desktop.cli.commands import UserError
from coprod_desktop.cli.parser import command_parser, open_parser
from coprod_desktop.domain import ValidationError
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.paths import sample_audit_path
from coprod_desktop.store import AuditFileError, AuditNotFoundError


def _open_window(args: argparse.Namespace) -> int:
    path: Path | None = args.file
    if args.sample:
        path = sample_audit_path()
        if not path.exists():
            from coprod_desktop.sample import write_sample

            path.parent.mkdir(parents=True, exist_ok=True)
            print(f"Making the sample audit at {path} ...")
            write_sample(path)
    if path is not None and not path.exists():
        # A mistyped name in a terminal: say so here. Other problems (a damaged or foreign
        # file) are shown by the window, which also serves "Open with" from the desktop.
        raise AuditNotFoundError(path.absolute(), "does not exist.", "Check the name and folder.")
    from coprod_desktop.gui.app import run

    return run(path)


def _guarded(action: Callable[[], int | None]) -> int:
    try:
        return action() or 0
    except (AuditFileError, ValidationError, UserError, ExportError) as error:
        print(str(error), file=sys.stderr)
    except BrokenPipeError:  # the reader (head, less) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands, names = command_parser()
    if argv and (argv[0] in names or argv[0] in ("-h", "--help")):
        args = commands.parse_args(argv)
        return _guarded(lambda: args.run(args))
    args = open_parser().parse_args(argv)
    return _guarded(lambda: _open_window(args))


if __name__ == "__main__":
    sys.exit(main())
