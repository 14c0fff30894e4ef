#!/usr/bin/env bash
# lab against PyTorch eager (bench/torch_reference.py, the same architecture) on this machine,
# interleaved round by round so that a shared machine's load hurts both alike: per round,
# `lab bench train a`, PyTorch config a, `lab bench train b`, PyTorch config b. Prints each
# round, then the medians, the ratios lab/PyTorch, and config b's median share of the sgemm
# peak that the same `lab bench train` runs measured.
# Usage: bench/compare-torch.sh [--install] [ROUNDS]      (ROUNDS defaults to 3)
#   PYTHON=/path/to/python   a Python with torch (default: the venv below, else python3)
#   --install                create the venv ${TORCH_VENV:-$HOME/.cache/lab-torch-venv} and pip
#                            install torch into it when it has none (CPU wheels, ~200 MB, from
#                            download.pytorch.org; else PyPI's default wheel, with CUDA libraries)
#   THREADS (default 2), LAB (default .build/release/lab)
set -euo pipefail
install=0
if [[ "${1:-}" == "--install" ]]; then install=1; shift; fi
rounds=${1:-3}; threads=${THREADS:-2}
lab=${LAB:-.build/release/lab}
here=$(cd "$(dirname "$0")" && pwd)
venv=${TORCH_VENV:-$HOME/.cache/lab-torch-venv}
python=${PYTHON:-}
if [[ -z "$python" && -x "$venv/bin/python" ]]; then python="$venv/bin/python"; fi
python=${python:-python3}
if ! "$python" -c "import torch" 2>/dev/null; then
  if (( install )); then
    python3 -m venv "$venv"
    # PyTorch's CPU-only wheels first (~200 MB); where that index is out of reach, PyPI's
    # default wheel (it brings CUDA libraries, a few GB, unused here). NumPy too: without it
    # torch warns on every run.
    if ! "$venv/bin/pip" install --quiet --retries 1 --timeout 15 torch numpy \
         --index-url https://download.pytorch.org/whl/cpu 2>"$venv/cpu-wheel.log"; then
      echo "PyTorch's CPU wheel index is out of reach ($venv/cpu-wheel.log): PyPI's default wheel" >&2
      "$venv/bin/pip" install --quiet torch numpy
    fi
    python="$venv/bin/python"
  else
    echo "no torch for $python: set PYTHON to a Python with torch, or pass --install" >&2
    exit 1
  fi
fi
[[ -x "$lab" ]] || { echo "no lab binary at $lab (swift build -c release, or set LAB)" >&2; exit 1; }

echo "date $(date -u +%Y-%m-%dT%H:%MZ); cpu $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores"
echo "lab: $("$lab" bench blas --check-only | awk '/^kernels/')"
echo "torch: $("$python" -c 'import torch; print(torch.__version__)'); threads $threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a lab_a lab_b torch_a torch_b share_b
for ((r = 1; r <= rounds; r++)); do
  line="round $r:"
  for config in a b; do
    out=$("$lab" bench train "$config" --runs 1 --iterations 8 --threads "$threads" 2>/dev/null)
    rate=$(awk '/^median/ {print $2}' <<<"$out")
    t=$("$python" "$here/torch_reference.py" "$config" "$threads" | awk '{for (i = 1; i < NF; i++) if ($i == "tokens/s") print $(i + 1)}')
    if [[ $config == a ]]; then lab_a+=("$rate"); torch_a+=("$t"); else
      lab_b+=("$rate"); torch_b+=("$t")
      share_b+=("$(awk '/^model FLOPs/ {sub("%", "", $6); print $6}' <<<"$out")")
    fi
    line+=" $config lab $rate, PyTorch $t tokens/s;"
  done
  echo "$line load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
la=$(median "${lab_a[@]}"); ta=$(median "${torch_a[@]}"); lb=$(median "${lab_b[@]}"); tb=$(median "${torch_b[@]}")
echo "median config a: lab $la, PyTorch $ta tokens/s: lab/PyTorch ×$(ratio "$la" "$ta")"
echo "median config b: lab $lb, PyTorch $tb tokens/s: lab/PyTorch ×$(ratio "$lb" "$tb"); $(median "${share_b[@]}")% of the sgemm peak"
