"""``python -m diarium`` runs the command line."""

import sys

from diarium.cli import main

sys.exit(main())
