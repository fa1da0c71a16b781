#!/usr/bin/env bash
# Wall time of a clean `make report` in a fresh clone (new .venv, pip's cache as it is), then of
# a second `make report` with nothing changed. Usage: scripts/bench_report.sh [EDITION] [DIR]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
edition="${1:-tests/data/tiny}"
dir="${2:-$(mktemp -d)/clone}"
git clone --quiet "$repo" "$dir"
cd "$dir"
seconds() {
  local t0 t1
  t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}
first=$(seconds make report EDITION="$edition")
second=$(seconds make report EDITION="$edition")
echo "clean make report: ${first} s; second make report (nothing changed): ${second} s"
echo "clone: $dir (commit $(git rev-parse --short HEAD), edition $edition)"
