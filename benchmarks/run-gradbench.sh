#!/usr/bin/env bash
# Runs the GradBench eval benchmarks (docs/benchmarks.md, "GradBench evals (issue #15)"): lse, llsq, det, ode,
# kmeans, ba and ht, each with the primal as the baseline, so BenchmarkDotNet's Ratio column is J/F; particle and
# saddle (nested differentiation) with GradBench's `finite` tool as the baseline, so the Ratio column is tool/finite.
#
#   benchmarks/run-gradbench.sh                 # --job short
#   benchmarks/run-gradbench.sh --job dry       # each benchmark once: a smoke run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# BenchmarkDotNet writes its CSV in the current culture.
export LC_ALL=C

options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--job short)
fi

dotnet run -c Release --project benchmarks/GradientGen.Benchmarks -- \
  --filter '*GradBench*' --artifacts "$root/BenchmarkDotNet.Artifacts" "${options[@]}"
