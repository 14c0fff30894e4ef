#!/usr/bin/env bash
# A 10,000-variant sweep of quick shell steps: times `lab plan`, the first run, an all-cached
# rerun and `lab notebook`, and prints the notebook's size. Usage: bench/sweep-10000.sh [DIR] [N]
set -euo pipefail
dir=${1:-$(mktemp -d)}; n=${2:-10000}
lab=$(cd "$(dirname "$0")/.." && pwd)/.build/release/lab
mkdir -p "$dir"
values=$(seq -s ', ' 1 "$n")
cat > "$dir/sweep.yaml" <<YAML
lab: 1
name: sweep-$n
steps:
  cell:
    op: shell
    sweep: {i: [$values]}
    with:
      run: 'echo "{\"v\": \$I}" > "\$LAB_METRICS"'
      env: {I: "\${sweep.i}"}
YAML
cd "$dir"
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f s", b - a}'; }
echo "plan ($n variants):       $(seconds "$lab" --home "$dir" plan sweep.yaml)"
echo "first run:                $(seconds "$lab" --home "$dir" run sweep.yaml)"
echo "all-cached rerun:         $(seconds "$lab" --home "$dir" run sweep.yaml)"
echo "lab notebook last:        $(seconds "$lab" --home "$dir" notebook last)"
last=$(ls -d "$dir"/experiments/run-* | sort -t- -k2 -n | tail -1)
echo "notebook size:            $(wc -c < "$last/notebook.html") bytes HTML, $(wc -c < "$last/notebook.md") bytes Markdown"
