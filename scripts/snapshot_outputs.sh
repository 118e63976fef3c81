#!/usr/bin/env bash
# Write a fixed set of outputs (the study, an own-data table, a random 150-record table; every
# command, kind and language) into DIR and print their sha256: run it before and after a
# refactor and diff the two listings. Usage: scripts/snapshot_outputs.sh DIR [PYTHON]
set -uo pipefail
out=${1:?usage: snapshot_outputs.sh DIR [PYTHON]}
py=${2:-$(dirname "$0")/../.venv/bin/python}
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"; mkdir -p "$out/in"
cd "$here"
"$py" - "$out/in" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.owndata import write_own_data
from tests.randomdata import random_records
d = Path(sys.argv[1])
write_own_data(d, "own.csv")
random_records(7, 150).to_csv(d / "rand.csv", index=False)
PY
ca() { "$py" -m clusteratlas "$@" >>"$out/log.txt" 2>&1; echo "rc=$? $*" >>"$out/rc.txt"; }
ca reproduce --data data/clusters.csv --out "$out/study"
for t in own rand; do
  i="$out/in/$t.csv"; o="$out/$t"; mkdir -p "$o"
  for ext in csv geojson gpkg parquet; do ca geocode "$i" -o "$o/geo.$ext"; done
  for by in region province zone; do ca shares "$i" --by $by --format csv -o "$o/shares_$by.csv"; done
  ca shares "$i" --by region --format md -o "$o/shares_region.md"
  for lang in en fr; do
    for kind in points choropleth combined timeline levers; do
      ca figure "$i" --kind $kind --lang $lang -o "$o/fig_${kind}_$lang.png"
    done
    ca figure "$i" --kind combined --lang $lang -o "$o/fig_combined_$lang.svg"
    ca figure "$i" --kind choropleth --lang $lang -o "$o/fig_choropleth_$lang.pdf"
    ca figure "$i" --kind points --south inset --lang $lang -o "$o/fig_inset_$lang.png"
    ca map "$i" --lang $lang -o "$o/map_$lang.html"
    ca report "$i" --lang $lang -o "$o/report_$lang.html"
    ca report "$i" --lang $lang -o "$o/report_$lang.md" --tables-dir "$o/tables_$lang"
  done
done
cd "$out" && find . -type f ! -name log.txt ! -path './in/*' -print0 | sort -z | xargs -0 sha256sum
