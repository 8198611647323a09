"""``python -m sori.minutes extract FILE``: the minutes command without Django."""

import sys

from .cli import main

sys.exit(main())
