import sys

from guide.build import main

sys.exit(main())
