import sys

from competency_framework.cli import main

sys.exit(main())
