"""Run the CLI with ``python -m broadsheet.cli``."""

import sys

from broadsheet.cli import main

sys.exit(main())
