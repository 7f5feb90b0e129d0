"""What the benchmarks share: each measurement runs in a child process of its own (so that its
peak memory is its own), which prints its figures as JSON on its last line."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

CHILD_TIMEOUT = 3600


def max_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB."""
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run_child(script: Path, *args: str, python: Path | str = sys.executable) -> dict:
    """Run `script --child ARGS` with `python` and return the figures it printed."""
    done = subprocess.run(
        [str(python), str(script), "--child", *args],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
