#!/usr/bin/env python3
"""`make bench`: time the report build and the library's stages on the edition and on
synthetic editions scaled 10x, 100x and 1,000x; print the medians, write bench/results/bench.json.
Options: --quick, --scales 1,10, --stages load,statistics, --no-build, --repeats N (see --help).
The logic is `competency_framework.bench`."""

import sys
from pathlib import Path

from competency_framework.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parents[1]))
