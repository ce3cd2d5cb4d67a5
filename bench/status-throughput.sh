#!/usr/bin/env bash
# How fast the runbook server answers GET /api/status (the whole live snapshot), against GET /q/health/live
# (the process is up, nothing else) on the same server, and how much database work its clients cause.
# Usage: bench/status-throughput.sh [SECONDS] [CLIENTS]   (default 10 s per phase, 16 clients)
# Environment: REFRESH (the server's --refresh, default 1s), WARMUP (seconds of unmeasured load, half on each address, default 20),
# MVN_ARGS (extra arguments for the build, e.g. -o).
#
# Builds Ferry, copies the example project (docs/examples/proposals) to a temporary folder, starts its
# embedded PostgreSQL 17 with `ferry db start` (PostgreSQL's durable defaults: fsync, synchronous_commit and
# full_page_writes on), then `./ferry-server --migrate-at-start --refresh $REFRESH` on a free port of
# 127.0.0.1 with no URL (so it uses that embedded database), waits for /health to say ok (the migrations
# applied), and runs bench/StatusLoad.java: a phase with no clients (what the refreshes alone cost the
# database), a warm-up, then CLIENTS clients looping on /q/health/live, /api/status, /q/health/live again.
# Each phase also reports how many refreshes ended in it and the largest gap between two consecutive ends
# (from the server's ferry_snapshot_last_refresh_timestamp_seconds), against the interval $REFRESH.
# The load generator runs on the same machine as the server.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-10}
clients=${2:-16}
refresh=${REFRESH:-1s}
warmup=${WARMUP:-20}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)   # before the build; during the run the benchmark's own threads add to it
# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
mvn -q -B -DskipTests ${MVN_ARGS:-} package

project=$(mktemp -d)
ferry="$root/ferry"
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  (cd "$project" && "$ferry" db stop >/dev/null 2>&1) || true
  rm -rf "$project"
}
trap cleanup EXIT
cp -r docs/examples/proposals/. "$project/"
cd "$project"
unset FERRY_URL DATABASE_URL FERRY_DIR FERRY_CONFIG FERRY_REFRESH FERRY_MIGRATE_AT_START FERRY_SERVER_PORT
"$ferry" db start >/dev/null
status=$("$ferry" db status --json)
url=$(sed -E 's/.*"url":"([^"]*)".*/\1/' <<<"$status")
user=$(sed -E 's/.*"user":"([^"]*)".*/\1/' <<<"$status")
database=${url##*/}
database=${database%%\?*}
stats_url="${url%/*}/template1"   # the counters are read from another database, so reading adds nothing to them

port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

FERRY_JAVA_OPTS="-Dquarkus.http.host=127.0.0.1" "$root/ferry-server" --port "$port" --migrate-at-start \
  --refresh "$refresh" >"$project/server.log" 2>&1 &
server_pid=$!
health=
for _ in $(seq 1 600); do
  health=$(curl -s "$base/health" 2>/dev/null || true)
  [[ "$health" == *'"status":"ok"'* ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ "$health" != *'"status":"ok"'* ]]; then
  echo "the server did not become healthy: $health" >&2
  cat "$project/server.log" >&2
  exit 1
fi

cp_jar=$(ls "$root"/runbook-server/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)
migrations=$(find "$project/migrations" -name "*.sql" | wc -l)

echo "status-throughput: $seconds s per phase, $clients clients, warm-up $warmup s, --refresh $refresh, $(nproc) cores, load average $load_before before the build, $(cut -d' ' -f1-3 /proc/loadavg) after it"
echo "server: ./ferry-server on $base, G1 (the launcher's defaults), $(java -version 2>&1 | head -1)"
echo "database: the embedded PostgreSQL (ferry db start) of a copy of docs/examples/proposals ($migrations migrations applied by --migrate-at-start), database $database"
java -cp "$cp_jar" "$root/bench/StatusLoad.java" "$base" "$stats_url" "$user" "$database" "$seconds" "$clients" "$warmup" "$refresh"
