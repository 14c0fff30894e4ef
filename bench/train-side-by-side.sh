#!/usr/bin/env bash
# Training throughput side by side, interleaved round by round so that a noisy shared machine
# hurts every contender alike: lab under OpenBLAS's own kernel choice (OPENBLAS_CORETYPE set to
# the core OpenBLAS detects by itself, e.g. Prescott), lab under the core it chooses for the CPU,
# and optionally a PyTorch reference of the same architecture (a Python script taking CONFIG THREADS
# and printing "tokens/s N", run with the given Python).
# Usage: bench/train-side-by-side.sh CONFIG ROUNDS [PYTHON TORCH_SCRIPT]
#   e.g. bench/train-side-by-side.sh a 5 /tmp/venv/bin/python path/to/torch_reference.py
set -euo pipefail
config=${1:?config a or b}; rounds=${2:-5}; python=${3:-}; torch_script=${4:-}
lab=${LAB:-.build/release/lab}
own=$("$lab" bench blas --check-only | awk '/^kernels/ {print $0}')
detected=$(LAB_BLAS_CHOICE=none "$lab" bench blas --check-only | awk '/^kernels/ {sub(":", "", $3); print $3}')
echo "lab's choice: $own"
echo "OpenBLAS's own choice: $detected"
declare -a before after torch
for ((r = 1; r <= rounds; r++)); do
  b=$(OPENBLAS_CORETYPE=$detected "$lab" bench train "$config" --runs 1 --iterations 8 2>/dev/null | awk '/^median/ {print $2}')
  a=$("$lab" bench train "$config" --runs 1 --iterations 8 2>/dev/null | awk '/^median/ {print $2}')
  before+=("$b"); after+=("$a")
  line="round $r: $detected $b tokens/s, lab's core $a tokens/s"
  if [[ -n "$torch_script" ]]; then
    t=$("$python" "$torch_script" "$config" 2 | awk '{for (i = 1; i < NF; i++) if ($i == "tokens/s") print $(i + 1)}')
    torch+=("$t"); line+=", PyTorch $t tokens/s"
  fi
  echo "$line"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mb=$(median "${before[@]}"); ma=$(median "${after[@]}")
echo "median config $config: $detected $mb, lab's core $ma tokens/s (×$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a / b}'))"
if [[ -n "$torch_script" ]]; then
  mt=$(median "${torch[@]}")
  echo "median PyTorch $mt tokens/s; lab/PyTorch: ×$(awk -v a="$ma" -v t="$mt" 'BEGIN {printf "%.2f", a / t}') (lab's core), ×$(awk -v b="$mb" -v t="$mt" 'BEGIN {printf "%.2f", b / t}') ($detected)"
fi
