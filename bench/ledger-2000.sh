#!/usr/bin/env bash
# Fills a fresh workspace DIR, through `lab run` itself, with 2,000 step results of 5 params
# (scheme ∈ uniform/dense/sparse/longce, dim, lr, trial, layers) and 5 metrics (niah ∈ [0,1],
# loss, acc, ppl, tokens), then times `lab results --where "scheme = 'sparse' and niah > 0.8"`
# as a whole process: median of 10 (hyperfine when installed). Target: ≤ 100 ms.
#
# Usage: bench/ledger-2000.sh DIR      (LAB=/path/to/lab to use another binary; TOTAL=N above
#        2000 copies the results up to N with bench/replicate_results.py: bench/ledger-100000.sh)
set -euo pipefail

DIR=${1:?usage: bench/ledger-2000.sh DIR}
REPO=$(cd "$(dirname "$0")/.." && pwd)
LAB=${LAB:-$REPO/.build/release/lab}
if [ ! -x "$LAB" ]; then
    echo "no lab binary at $LAB: run 'swift build -c release' first, or set LAB" >&2
    exit 1
fi
if [ -e "$DIR/experiments/ledger.sqlite" ]; then
    echo "$DIR already has a ledger; give a fresh directory" >&2
    exit 1
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# 4 schemes x 5 dims x 5 learning rates x 20 trials = 2,000 shell steps. Each writes its metrics
# as JSON to $LAB_METRICS; niah is a deterministic spread over [0, 1) from the parameters.
cat > "$DIR/ledger-bench.yaml" <<'RECIPE'
lab: 1
name: ledger-bench
about: 2,000 cheap shell steps to fill the ledger for timing `lab results --where`.
seed: 1
steps:
  bench:
    title: Synthetic result
    op: shell
    sweep:
      scheme: [uniform, dense, sparse, longce]
      dim: [32, 64, 128, 256, 512]
      lr: [0.0001, 0.0003, 0.001, 0.003, 0.01]
      trial: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
    with:
      env: {SCHEME: "${sweep.scheme}", DIM: "${sweep.dim}", LR: "${sweep.lr}", TRIAL: "${sweep.trial}", LAYERS: 2}
      run: |
        awk -v s="$SCHEME" -v d="$DIM" -v lr="$LR" -v t="$TRIAL" -v l="$LAYERS" 'BEGIN {
          h = (length(s) * 7919 + d * 131 + int(lr * 100000) * 17 + t * 2654435) % 1000
          niah = h / 1000
          printf("{\"niah\": %.3f, \"loss\": %.4f, \"acc\": %.4f, \"ppl\": %.4f, \"tokens\": %d}\n",
                 niah, 1 + niah, niah / 2, 3 - niah, d * l * 10)
        }' > "$LAB_METRICS"
RECIPE

echo "filling $DIR with 2,000 results through $LAB run ..."
start=$(date +%s%N)
(cd "$DIR" && "$LAB" run ledger-bench.yaml -j 2 > "$DIR/run.log" 2>&1) || {
    echo "lab run failed; see $DIR/run.log" >&2
    tail -20 "$DIR/run.log" >&2
    exit 1
}
end=$(date +%s%N)
echo "  lab run took $(( (end - start) / 1000000 )) ms"

TOTAL=${TOTAL:-2000}
if [ "$TOTAL" -gt 2000 ]; then
    echo "copying them to $TOTAL results (bench/replicate_results.py) ..."
    start=$(date +%s%N)
    python3 "$REPO/bench/replicate_results.py" "$DIR/experiments/ledger.sqlite" "$TOTAL"
    end=$(date +%s%N)
    echo "  took $(( (end - start) / 1000000 )) ms"
fi

results=$("$LAB" --home "$DIR" query "SELECT COUNT(*) AS n FROM results" | sed -n 3p | tr -d ' ')
sparse=$("$LAB" --home "$DIR" query "SELECT COUNT(*) AS n FROM param_values WHERE param = 'scheme' AND value = 'sparse'" | sed -n 3p | tr -d ' ')
echo "  results in the ledger: $results (sparse: $sparse)"
if [ "$results" != "$TOTAL" ]; then
    echo "expected $TOTAL results" >&2
    exit 1
fi

QUERY="scheme = 'sparse' and niah > 0.8"
matches=$("$LAB" --home "$DIR" results --where "$QUERY" --json | grep -c '"key"' || true)
echo "  rows matching \"$QUERY\": $matches"

echo "timing: lab results --where \"$QUERY\" (whole process)"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 2 --runs 10 --export-json "$DIR/hyperfine.json" \
        "$LAB --home $DIR results --where \"$QUERY\""
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('  median %.1f ms' % (r['median']*1000))" "$DIR/hyperfine.json" 2> /dev/null || true
else
    "$LAB" --home "$DIR" results --where "$QUERY" > /dev/null   # warm the page cache
    times=()
    for _ in $(seq 10); do
        t0=$(date +%s%N)
        "$LAB" --home "$DIR" results --where "$QUERY" > /dev/null
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | sed -n '5p;6p' | awk '{ s += $1 } END { printf("%.1f", s / 2 / 1000) }')
    min=$(echo "$sorted" | head -1 | awk '{ printf("%.1f", $1 / 1000) }')
    echo "  median ${median} ms, min ${min} ms over 10 runs (target <= 100 ms)"
fi
