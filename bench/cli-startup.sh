#!/usr/bin/env bash
# Cold-JVM start-up of the ferry command: `ferry current` against a live PostgreSQL, run RUNS times
# (default 15), reporting the median, min and max wall time, next to `ferry --version` (no database)
# and a bare `java -version` for scale.
# Usage: bench/cli-startup.sh [RUNS]
# The database: FERRY_URL (and FERRY_USER, FERRY_PASSWORD) if set; otherwise a throw-away PostgreSQL
# started here from the server binaries in /usr/lib/postgresql/*/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
mvn -q -B -DskipTests install

tmp=$(mktemp -d)
cleanup() {
  if [[ -f "$tmp/data/postmaster.pid" ]]; then
    $as_pg "$pgbin/pg_ctl" -D "$tmp/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
if [[ -z "${FERRY_URL:-}" ]]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  chmod 777 "$tmp"
  as_pg=""
  if [[ $(id -u) == 0 ]]; then as_pg="unshare -U"; fi
  port=$((20000 + RANDOM % 20000))
  $as_pg "$pgbin/initdb" -D "$tmp/data" -U postgres --auth=trust >/dev/null
  $as_pg "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
    -o "-p $port -k $tmp -c listen_addresses=127.0.0.1" start >/dev/null
  export FERRY_URL="jdbc:postgresql://127.0.0.1:$port/postgres" FERRY_USER=postgres
fi
dir=docs/examples/proposals/migrations
./ferry upgrade --dir "$dir" >/dev/null 2>&1

measure() { # label, command...
  local label=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { t[NR] = $1 } END { printf "%-28s median %5d ms   min %5d ms   max %5d ms   (%d runs)\n", label, t[int((n + 1) / 2)], t[1], t[n], n }'
}
measure "java -version" java -version
measure "ferry --version" ./ferry --version
measure "ferry current (live db)" ./ferry current --dir "$dir"
