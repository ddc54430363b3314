#!/usr/bin/env bash
# Redis and PostgreSQL from Debian for the queue-mode tests: n8n's queue mode keeps its jobs
# in Redis and, with more than one process, its executions in PostgreSQL (SQLite is one
# process's file). Nothing is started here: the tests start their own servers on random ports
# in temp dirs and stop them. Idempotent: does nothing when both are already installed.
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

if command -v redis-server >/dev/null 2>&1 && have_postgres; then
  echo "redis-server and postgresql already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server postgresql >/dev/null
# Debian starts no services in containers; make sure none keeps a port if it did.
$SUDO service redis-server stop >/dev/null 2>&1 || true
$SUDO service postgresql stop >/dev/null 2>&1 || true
redis-server --version
ls -d /usr/lib/postgresql/*/bin
