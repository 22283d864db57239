#!/usr/bin/env bash
# Benchmark of the reengagement service on real PostgreSQL and RabbitMQ: ./benchmarks/reengagement.sh [EVENTS] [WORK-FOLDER]
# Installs the server packages when missing (tools/ensure-servers.sh); the benchmark starts private servers and the
# service as processes of its own, and stops them at the end. See benchmarks/ReengagementBenchmark/Program.cs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/ensure-servers.sh" postgresql rabbitmq-server
dotnet build "$root/benchmarks/ReengagementBenchmark" -c Release --nologo -v quiet
work=${2:-${TMPDIR:-/tmp}/reengagement-benchmark}
mkdir -p "$work" && chmod 755 "$work" # the postgres system user must reach its data folder
exec "$root/benchmarks/ReengagementBenchmark/bin/Release/net10.0/ReengagementBenchmark" "${1:-300000}" "$work"
