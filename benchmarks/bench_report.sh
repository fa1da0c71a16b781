#!/usr/bin/env bash
# Wall seconds of the report build in three cases, on a copy of the project (the files git
# tracks plus new ones it does not ignore, so uncommitted work is measured too):
#   1. clean: nothing built yet;
#   2. no change: the same build again;
#   3. one institute changed: one connection of the institute with the most connections is
#      removed from a copy of the edition (its set of KSAs stays the same), descriptor rehashed.
# The project's own .venv runs it (PYTHONPATH points at the copy's library), so pip is not timed.
# Usage: benchmarks/bench_report.sh [EDITION] [DIR]   (EDITION default: data/raw/2025, else the
# tiny test edition; DIR default: a new temporary folder). JOBS=n sets the parallel runs.
# Every build has the institute profiles (--profiles), which a reconstructed edition's
# report leaves out by default: the whole report is timed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
edition="${1:-}"
if [ -z "$edition" ]; then
  if [ -f "$repo/data/raw/2025/datapackage.json" ]; then edition=data/raw/2025
  else edition=tests/data/tiny; fi
fi
dir="${2:-$(mktemp -d)/project}"
mkdir -p "$dir"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$repo" && xargs -0 cp --parents -t "$dir" 2>/dev/null || true)
mkdir -p "$dir/$edition" && cp -r "$repo/$edition/." "$dir/$edition/"
cd "$dir"
python="$repo/.venv/bin/python"
export PYTHONPATH="$dir/src"
[ -n "${JOBS:-}" ] && export REPORT_JOBS="$JOBS"

build() {  # wall seconds of one build; its log in $dir/build-<name>.log
  local t0 t1
  t0=$(date +%s.%N)
  "$python" -m competency_framework report --edition "$edition" --renderer fallback --profiles \
    > "build-$1.log" 2>&1 || { cat "build-$1.log"; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}
runs() {  # "<ran> ran, <cached> cached" from a build log
  local ran cached
  ran=$(grep -cE '^\[ *[0-9]+/[0-9]+\] ran ' "build-$1.log" || true)
  cached=$(grep -cE '^\[ *[0-9]+/[0-9]+\] cached ' "build-$1.log" || true)
  echo "$ran ran, $cached cached"
}

clean=$(build clean)
nochange=$(build nochange)
changed=$("$python" - "$edition" <<'EOF'
import json, sys
from pathlib import Path
import pandas as pd
from competency_framework.edition.contract import file_sha256

folder = Path(sys.argv[1])
path = folder / "essential_ksas.csv"
rows = pd.read_csv(path, dtype=str, keep_default_na=False)
top = rows["institute_id"].value_counts().index[0]
mine = rows[rows["institute_id"] == top]
twice = mine["ksa_id"].duplicated(keep=False)  # a KSA it keeps through another occupation
drop = mine[twice].index[0]
rows.drop(index=drop).to_csv(path, index=False, lineterminator="\n")
meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
for resource in meta["resources"]:
    if resource["path"] == path.name:
        resource["hash"] = f"sha256:{file_sha256(path)}"
        resource["bytes"] = path.stat().st_size
(folder / "datapackage.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
print(top)
EOF
)
onechange=$(build onechange)
echo "edition $edition ($(grep -c . "$edition/essential_ksas.csv") connection rows), $(nproc) cores"
echo "clean build:                  ${clean} s ($(runs clean))"
echo "no change:                    ${nochange} s ($(runs nochange))"
echo "one institute (${changed}) changed: ${onechange} s ($(runs onechange))"
echo "project copy: $dir"
