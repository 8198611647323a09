"""``python -m sori.text SUBCOMMAND …`` — the ``sori text`` commands without Django."""

import sys

from .cli import main

sys.exit(main())
