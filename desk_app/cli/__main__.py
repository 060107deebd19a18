"""`python -m desk_app.cli`, and the frozen bundle's entry point."""

import sys

from desk_app.cli import main

sys.exit(main())
