#!/usr/bin/env bash
# Makes sure the PostgreSQL and RabbitMQ server packages (and npm for the build, Chromium for the browser tests) are
# installed, with apt-get when it is allowed to (root or passwordless sudo). Nothing is started or configured here:
# the tests, the benchmarks and the tool start private server processes of their own. Used by ./test.sh, the
# inactive-customers wrapper and the benchmarks; run it yourself before them if you like:
#   tools/ensure-servers.sh [postgresql] [rabbitmq-server] [npm] [chromium]     (default: the two servers)
set -euo pipefail

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
  echo "ensure-servers: installing $package"
  if ! command -v apt-get >/dev/null; then
    echo "ensure-servers: $package is missing and there is no apt-get here: install it yourself" >&2; exit 1
  fi
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq || { echo "ensure-servers: apt-get update needs root or passwordless sudo: install $package yourself" >&2; exit 1; }; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null \
    || { echo "ensure-servers: could not install $package: install it yourself" >&2; exit 1; }
}

packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(postgresql rabbitmq-server)
for package in "${packages[@]}"; do
  case "$package" in
    postgresql) ensure_package postgresql bash -c 'ls /usr/lib/postgresql/*/bin/initdb' ;;
    # A distribution's rabbitmq-server package may start a system node; ours use their own node names and ports.
    rabbitmq-server) ensure_package rabbitmq-server bash -c 'test -x /usr/lib/rabbitmq/bin/rabbitmq-server || command -v rabbitmq-server' ;;
    # Node.js and npm: the build restores the dashboard's chart library with npm ci.
    npm) ensure_package npm bash -c 'command -v npm' ;;
    # Debian's Chromium, for the dashboard's browser tests.
    chromium) ensure_package chromium bash -c 'test -x /usr/bin/chromium || command -v chromium' ;;
    *) echo "ensure-servers: unknown package $package (postgresql | rabbitmq-server | npm | chromium)" >&2; exit 2 ;;
  esac
done
