#!/usr/bin/env bash
# How fast the ferry command starts and answers, cold JVM every time:
#   - `ferry current --url URL` against a live PostgreSQL,
#   - `ferry current` with no URL, on the embedded server that `ferry db start` keeps running (the same
#     server as above, so the difference is what finding it costs),
#   - `ferry current` with no URL and no server running (it starts one, and stops it at its end),
# next to `ferry --version` (no database) and a bare `java -version` for scale. The two `current` runs
# against the live server alternate, so that the machine's noise falls on both alike.
# Usage: bench/cli-startup.sh [RUNS]   (default 15; the run that starts its own server does RUNS/3)
# The server is the embedded PostgreSQL 17 of a throw-away project, started by `ferry db start`
# with PostgreSQL's durable defaults (fsync on) and synchronous_commit on.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-15}
mvn -q -B -DskipTests install

project=$(mktemp -d)
ferry="$root/ferry"
cleanup() {
  (cd "$project" && "$ferry" db stop >/dev/null 2>&1) || true
  rm -rf "$project"
}
trap cleanup EXIT
cp -r docs/examples/proposals/migrations "$project/migrations"
cd "$project"
unset FERRY_URL DATABASE_URL FERRY_DIR FERRY_CONFIG
"$ferry" db start >/dev/null 2>&1
"$ferry" upgrade >/dev/null 2>&1
url=$("$ferry" db status --json | sed -E 's/.*"url":"([^"]*)".*/\1/')

declare -A samples
time_once() { # label, command...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  samples[$label]+="$(( (t1 - t0) / 1000000 )) "
}
report() { # label
  tr ' ' '\n' <<<"${samples[$1]}" | grep . | sort -n | awk -v label="$1" '
    { t[NR] = $1 } END { printf "%-44s median %5d ms   min %5d ms   max %5d ms   (%d runs)\n", label, t[int((NR + 1) / 2)], t[1], t[NR], NR }'
}

for ((i = 0; i < runs; i++)); do
  time_once "java -version" java -version
  time_once "ferry --version" "$ferry" --version
  time_once "ferry current --url (live server)" "$ferry" current --url "$url" --user postgres
  time_once "ferry current (embedded, db start running)" "$ferry" current
done
"$ferry" db stop >/dev/null 2>&1
for ((i = 0; i < (runs + 2) / 3; i++)); do
  time_once "ferry current (embedded, started per command)" "$ferry" current
done

echo "cli-startup: $runs runs, embedded PostgreSQL 17 (fsync on, synchronous_commit on), $(nproc) cores"
for label in "java -version" "ferry --version" "ferry current --url (live server)" \
    "ferry current (embedded, db start running)" "ferry current (embedded, started per command)"; do
  report "$label"
done
median() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
awk -v e="$(median "ferry current (embedded, db start running)")" -v u="$(median "ferry current --url (live server)")" \
  'BEGIN { printf "embedded (db start running) / --url: %.2f (goal: at most 1.10)\n", e / u }'
