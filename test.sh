#!/usr/bin/env bash
# Runs every test of InactiveCustomers: ./test.sh [extra dotnet test arguments]
#
# The integration tests use real PostgreSQL and RabbitMQ servers, which each test assembly starts as throwaway
# processes on free loopback ports with their data in a temporary folder (no Docker needed). This script makes
# sure the server packages are installed (with apt-get, when it is allowed to), hands the tests that folder, and
# removes it — and any server a crashed test left running — afterwards.
set -euo pipefail
cd "$(dirname "$0")"

tools/ensure-servers.sh postgresql rabbitmq-server npm chromium

INACTIVE_TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/inactive-customers-tests.XXXXXX")
chmod 755 "$INACTIVE_TEST_TMP" # the postgres system user must reach its data folder
export INACTIVE_TEST_TMP
cleanup() {
  pkill -f "$INACTIVE_TEST_TMP" 2>/dev/null || true
  rm -rf "$INACTIVE_TEST_TMP"
}
trap cleanup EXIT

log="$INACTIVE_TEST_TMP/dotnet-test.log"
set +e
dotnet test InactiveCustomers.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
