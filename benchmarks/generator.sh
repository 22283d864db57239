#!/usr/bin/env bash
# Benchmark of the data generator at full size: ./benchmarks/generator.sh [ROWS]
#
# Targets (issue #2): 1,741,344 rows in <= 30 s and <= 500 MB peak memory on a 2-core machine.
# The machine is shared and noisy, so the same run also times a baseline: writing the same number of bytes from
# /dev/zero to the same disk. The ratio says how far generation is from plain I/O, whatever the machine's mood.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows=${1:-1741344}
work=$(mktemp -d "${TMPDIR:-/tmp}/generator-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$root/inactive-customers" --help >/dev/null # builds Release once, outside the timings
tool="$root/tools/Cli/bin/Release/net10.0/inactive-customers.dll"
now() { date +%s.%N; }

echo "generator: $rows rows, seed 42"
start=$(now)
summary=$(dotnet "$tool" generate --rows "$rows" --seed 42 --out "$work/purchases.csv")
end=$(now)
echo "  $summary"
bytes=$(stat -c %s "$work/purchases.csv")
peak_mib=$(echo "$summary" | sed -n 's/.*peak memory \([0-9,]*\) MiB.*/\1/p' | tr -d ,)
generate_s=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')

start=$(now)
head -c "$bytes" /dev/zero > "$work/baseline.bin"
end=$(now)
baseline_s=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')

awk -v g="$generate_s" -v b="$baseline_s" -v bytes="$bytes" -v peak="$peak_mib" 'BEGIN {
  printf "%-40s %10s\n", "measure", "value"
  printf "%-40s %10.1f\n", "generate, process start to exit (s)", g
  printf "%-40s %10.0f\n", "throughput (MB/s)", bytes / 1e6 / g
  printf "%-40s %10d\n", "peak memory (MiB)", peak
  printf "%-40s %10.1f\n", "baseline: write the same bytes (s)", b
  printf "%-40s %10.1f\n", "generate / baseline", g / b
  ok = (g <= 30 && peak <= 500)
  print (ok ? "PASS: within 30 s and 500 MB" : "FAIL: over 30 s or 500 MB")
  exit !ok
}'
