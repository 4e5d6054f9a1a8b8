"""`python -m netcore`: see netcore.cli."""

import sys

from netcore.cli import main

sys.exit(main())
