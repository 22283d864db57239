#!/usr/bin/env bash
# Benchmark of a segmentation run at full size on real PostgreSQL and RabbitMQ: ./benchmarks/segmentation.sh [ROWS] [WORK-FOLDER]
# Installs the server packages when missing (tools/ensure-servers.sh); the benchmark starts private servers of its
# own and stops them at the end. See benchmarks/SegmentationBenchmark/Program.cs for what each line measures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/ensure-servers.sh" postgresql rabbitmq-server
dotnet build "$root/benchmarks/SegmentationBenchmark" -c Release --nologo -v quiet
work=${2:-${TMPDIR:-/tmp}/segmentation-benchmark}
mkdir -p "$work" && chmod 755 "$work" # the postgres system user must reach its data folder
exec "$root/benchmarks/SegmentationBenchmark/bin/Release/net10.0/SegmentationBenchmark" "${1:-1741344}" "$work"
