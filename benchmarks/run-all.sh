#!/usr/bin/env bash
# Runs the benchmark classes behind docs/benchmarks.md's results table, then regenerates the table (between
# its results markers) and the plots in docs/images/ from BenchmarkDotNet's CSV reports.
#
#   benchmarks/run-all.sh                      # --job short: about 10-15 minutes on 2 cores (54 benchmarks)
#   benchmarks/run-all.sh --job dry            # any BenchmarkDotNet options replace the default --job short
#
# The report alone, on existing artifacts: dotnet run -c Release --project benchmarks/GradientGen.BenchmarkReport [-- <artifacts>]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
artifacts="$root/BenchmarkDotNet.Artifacts"

# BenchmarkDotNet writes its CSV in the current culture; the report reads '.' decimals and ',' separators.
export LC_ALL=C

options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--job short)
fi

# Start clean: the report reads every CSV in results/, and must not mix in an older run's classes.
rm -rf "$artifacts/results"
mkdir -p "$artifacts"

# The machine may be shared: the report prints the load average before and after the run.
load() { uptime 2>/dev/null || cat /proc/loadavg; }
load > "$artifacts/uptime-before.txt"
dotnet run -c Release --project benchmarks/GradientGen.Benchmarks -- \
  --filter '*Rosenbrock*' '*DenseNetworkBenchmarks*' '*LstmBenchmarks*' '*GmmBenchmarks*' \
  --artifacts "$artifacts" "${options[@]}"
load > "$artifacts/uptime-after.txt"

dotnet run -c Release --project benchmarks/GradientGen.BenchmarkReport -- "$artifacts"
