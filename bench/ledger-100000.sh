#!/usr/bin/env bash
# Fills a fresh workspace DIR with 100,000 step results shaped like bench/ledger-2000.sh's (5 sweep
# values / params: scheme ∈ uniform/dense/sparse/longce, dim, lr, trial, layers; 5 metrics: niah
# ∈ [0,1], loss, acc, ppl, tokens), then times `lab results --where "scheme = 'sparse' and niah >
# 0.8"` as a whole process: median of 10 (hyperfine when installed). Target: ≤ 100 ms.
#
# How it fills (about 2.5 minutes instead of ~8 of `lab run` steps): `lab run` records the
# 2,000 results of ledger-2000.sh's recipe (so every table row has the shape lab writes), then
# bench/replicate_results.py copies each of them 49 times under new keys with the sweep value
# trial shifted by 20 per copy (trial 0..999) and niah & co recomputed with the recipe's formula
# (see that script's docstring for exactly which columns change). A `lab` command afterwards
# opens the ledger normally (and so applies any newer migration, e.g. an index).
#
# Usage: bench/ledger-100000.sh DIR      (LAB=/path/to/lab to use another binary)
set -euo pipefail
TOTAL=100000 exec "$(dirname "$0")/ledger-2000.sh" "${1:?usage: bench/ledger-100000.sh DIR}"
