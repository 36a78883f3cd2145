"""The entry point the design card names; the build itself is the `guide` package (`python -m guide --help`)."""

import sys

from guide.cli import main

if __name__ == "__main__":
    sys.exit(main())
