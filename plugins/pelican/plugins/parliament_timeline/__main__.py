"""``python -m pelican.plugins.parliament_timeline``: the ``parliament-timeline`` command."""

import sys

from .commands.cli import main

sys.exit(main())
