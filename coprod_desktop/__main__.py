"""Lets `python -m coprod_desktop` behave as the `coprod-desktop` command."""

import sys

from coprod_desktop.cli import main

sys.exit(main())
