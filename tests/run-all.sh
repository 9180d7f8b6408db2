#!/usr/bin/env bash
# Installs and starts what the tests need, runs every test project of the solution, and ends with the one line
# CI reads: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "run-all.sh: $* missing and not root; install it: apt-get install -y $*" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Chromium for the browser tests (Playwright drives Debian's build; it downloads no browser of its own).
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

# PostgreSQL: a throwaway cluster on a loopback port, for the tests that run on both database providers.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ]; then
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
pg_port=${TASKCONSOLE_TEST_PG_PORT:-}
if [ -z "$pg_port" ]; then
  for candidate in $(seq 5433 5533); do
    if ! (echo > "/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
  done
fi
pg_dir=$(mktemp -d /tmp/taskconsole-pg.XXXXXX)
chown postgres:postgres "$pg_dir" 2>/dev/null || true
run_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
run_pg "'$pg_bin/initdb' -D '$pg_dir/data' -U postgres --auth=trust >/dev/null" || { echo "run-all.sh: initdb failed" >&2; exit 1; }
run_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -o \"-p $pg_port -c listen_addresses=127.0.0.1 -k '$pg_dir'\" -l '$pg_dir/log' -w start >/dev/null" \
  || { echo "run-all.sh: PostgreSQL did not start:" >&2; cat "$pg_dir/log" >&2; exit 1; }
trap 'run_pg "\"$pg_bin/pg_ctl\" -D \"$pg_dir/data\" -m immediate stop >/dev/null 2>&1"; rm -rf "$pg_dir"' EXIT
export TASKCONSOLE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

log=$(mktemp)
dotnet test TaskConsole.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

grep -E '^(Passed|Failed)! +- ' "$log" | awk '
  { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } n++ }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (n == 0) exit 1 }' || status=1
rm -f "$log"
exit "$status"
