#!/usr/bin/env bash
# Runs every test of InactiveCustomers: ./test.sh [extra dotnet test arguments]
#
# The integration tests use real PostgreSQL and RabbitMQ servers, which each test assembly starts as throwaway
# processes on free loopback ports with their data in a temporary folder (no Docker needed). This script makes
# sure the server packages are installed (with apt-get, when it is allowed to), hands the tests that folder, and
# removes it — and any server a crashed test left running — afterwards.
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

apt_updated=0
ensure_package() { # ensure_package PACKAGE TEST-COMMAND...
  local package=$1; shift
  if "$@" >/dev/null 2>&1; then return 0; fi
  echo "test.sh: installing $package (needed by the integration tests)"
  if ! command -v apt-get >/dev/null; then
    echo "test.sh: $package is missing and there is no apt-get here: install it yourself" >&2; exit 1
  fi
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq || { echo "test.sh: apt-get update needs root or passwordless sudo: install $package yourself" >&2; exit 1; }; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null \
    || { echo "test.sh: could not install $package: install it yourself" >&2; exit 1; }
}

ensure_package postgresql bash -c 'ls /usr/lib/postgresql/*/bin/initdb'
ensure_package rabbitmq-server bash -c 'test -x /usr/lib/rabbitmq/bin/rabbitmq-server || command -v rabbitmq-server'
# A distribution's rabbitmq-server package may start a system node; the tests use their own nodes and ports.

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
