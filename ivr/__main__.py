"""``python -m ivr``: the same as the ``ivr`` command."""

import sys

from ivr.cli.app import main

sys.exit(main())
