#!/usr/bin/env bash
# Stress test (not in CI): 8 concurrent `lab run`s of mixed recipes on one workspace for a
# number of minutes, each run killed at random (SIGKILL, SIGTERM, SIGINT, two SIGINTs) or left
# to finish; then checks what a crash must not break and prints it.
#
#   bench/stress.sh [MINUTES] [WORKSPACE]      (default: 2 minutes, a fresh temporary folder)
#   LAB=path/to/lab SEED=n bench/stress.sh     (default: .build/release/lab, seed 1)
#
# Checks: no run left `running` after the next command (each killed run abandoned or
# interrupted), `PRAGMA integrity_check` ok, no key computed twice (recorded `ran` by two
# runs), no half artifact (every artifacts/<key>/ has its lab-step.json, .tmp empty after a
# final run), and a final run of every recipe succeeds.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-2}
ws=${2:-$(mktemp -d /tmp/lab-stress.XXXXXX)}
lab=${LAB:-$here/.build/release/lab}
RANDOM=${SEED:-1}
workers=8
mkdir -p "$ws/recipes"

# Recipe 1: a 30-step chain of quick shell steps.
{
  echo "lab: 1"; echo "name: stress-chain"; echo "steps:"
  echo "  s0: {op: shell, with: {run: 'sleep 0.05; echo 1 > v.txt'}}"
  for i in $(seq 1 29); do
    echo "  s$i:"
    echo "    op: shell"
    echo "    with:"
    echo "      run: 'v=\$(cat \"\$P/v.txt\"); sleep 0.0$((i % 9 + 1)); echo \$(( (v * 7 + $i) % 10007 )) > v.txt'"
    echo "      env: {P: \"\${steps.s$((i - 1))}\"}"
  done
} > "$ws/recipes/chain.yaml"

# Recipe 2: a sweep of 12 variants and a gather; `--set base=N` gives new keys.
cat > "$ws/recipes/sweep.yaml" <<'YAML'
lab: 1
name: stress-sweep
params: {base: 0}
steps:
  gen:
    op: shell
    sweep: {x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}
    with:
      run: 'sleep 0.1; echo $((B + X * X)) > out.txt'
      env: {B: "${base}", X: "${sweep.x}"}
  total:
    op: shell
    with:
      run: 'for d in $ALL; do cat "$d/out.txt"; done | awk "{s += \$1} END {print s}" > total.txt'
      env: {ALL: "${all.gen}"}
YAML

cp "$here/recipes/token-weighting.yaml" "$ws/recipes/token-weighting.yaml"

# Seeds and bases drawn from small pools: runs share keys (waiting on each other's locks,
# reusing each other's results) and keep finding new work to be killed in.
recipe_args() {
  case $1 in
    0) echo "run $ws/recipes/chain.yaml -j 1 --set seed=$((RANDOM % 40))" ;;
    1) echo "run $ws/recipes/sweep.yaml -j 2 --set base=$((RANDOM % 40))" ;;
    2) echo "run $ws/recipes/token-weighting.yaml --profile smoke -j 1 --set seed=$((RANDOM % 10))" ;;
  esac
}

worker() {   # worker N: runs until the deadline, tallying how each run ended
  local n=$1 deadline=$2 tally="$ws/tally.$1"
  RANDOM=$(( ${SEED:-1} * 100 + n ))
  : > "$tally"
  while [ "$(date +%s)" -lt "$deadline" ]; do
    # shellcheck disable=SC2046
    "$lab" --home "$ws" $(recipe_args $((RANDOM % 3))) > /dev/null 2>&1 &
    local pid=$! fate=$((RANDOM % 6)) delay
    delay=$(printf '0.%02d' $((RANDOM % 100)))
    sleep "$delay"
    # A signal sent after the run ended is counted as "ended before its signal".
    case $fate in
      0|1) kill -KILL "$pid" 2>/dev/null && echo sigkill >> "$tally" || echo ended-before-its-signal >> "$tally" ;;
      2) kill -TERM "$pid" 2>/dev/null && echo sigterm >> "$tally" || echo ended-before-its-signal >> "$tally" ;;
      3) if kill -INT "$pid" 2>/dev/null; then
           sleep 0.05
           kill -INT "$pid" 2>/dev/null && echo double-sigint >> "$tally" || echo single-sigint >> "$tally"
         else echo ended-before-its-signal >> "$tally"; fi ;;
      *) echo left-to-finish >> "$tally" ;;
    esac
    wait "$pid" 2>/dev/null
  done
}

echo "stress: $workers workers for $minutes min on $ws with $lab"
deadline=$(( $(date +%s) + minutes * 60 ))
for n in $(seq 1 $workers); do worker "$n" "$deadline" & done
wait
# Orphans of SIGKILLed runs (a step's commands outlive a `kill -9` of lab) finish on their own:
# give them a moment before the checks.
sleep 2

fail=0
check() { if [ "$2" = "$3" ]; then echo "ok    $1: $2"; else echo "FAIL  $1: $2 (expected $3)"; fail=1; fi; }

echo "lab runs started: $(cat "$ws"/tally.* | wc -l): $(cat "$ws"/tally.* | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}' | sed 's/, $//')"
echo "(a signal that lands before the run is recorded leaves no run; every run but the killed ones ends in the ledger)"
"$lab" --home "$ws" runs --json > "$ws/runs.json"   # the next command: repairs dead runs
echo "runs recorded: $(jq length "$ws/runs.json"); by status: $(jq -r 'group_by(.status) | map("\(length) \(.[0].status)") | join(", ")' "$ws/runs.json")"
check "runs left running" "$(jq '[.[] | select(.status == "running")] | length' "$ws/runs.json")" 0
check "ledger integrity" "$(sqlite3 "$ws/experiments/ledger.sqlite" 'PRAGMA integrity_check')" ok
check "keys recorded ran by two runs" "$(sqlite3 "$ws/experiments/ledger.sqlite" \
  "SELECT COUNT(*) FROM (SELECT key FROM steps WHERE status = 'ran' GROUP BY key HAVING COUNT(*) > 1)")" 0
check "unfinished steps of abandoned runs not marked" "$(sqlite3 "$ws/experiments/ledger.sqlite" \
  "SELECT COUNT(*) FROM steps s JOIN runs r ON r.id = s.run_id WHERE r.status = 'abandoned' AND s.status = 'pending'")" 0
half=0
for d in "$ws"/artifacts/*/; do
  [ -e "$d/lab-step.json" ] || { half=$((half + 1)); echo "  half artifact: $d"; }
done
check "published folders without lab-step.json" "$half" 0
final=0
for r in 0 1 2; do
  # shellcheck disable=SC2046
  "$lab" --home "$ws" $(recipe_args $r) > "$ws/final.$r" 2>&1 || { final=$((final + 1)); tail -5 "$ws/final.$r"; }
done
check "final runs that failed" "$final" 0
check "temporaries left in artifacts/.tmp" "$(ls -A "$ws/artifacts/.tmp" | wc -l)" 0
check "runs left running" "$("$lab" --home "$ws" runs --json | jq '[.[] | select(.status == "running")] | length')" 0
echo "keys computed: $(sqlite3 "$ws/experiments/ledger.sqlite" "SELECT COUNT(DISTINCT key) FROM steps WHERE status = 'ran'")"
[ $fail = 0 ] && echo "stress: all checks passed" || echo "stress: CHECKS FAILED"
exit $fail
