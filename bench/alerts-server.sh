#!/usr/bin/env bash
# Alerts through the real runbook server: ALERTS backfill jobs fail at once (recorded by another process, as
# `ferry backfill run` in a pipeline records them); ./ferry-server raises ALERTS backfill-failed alerts and
# delivers them through one webhook sink to a receiver on 127.0.0.1 that answers each post after RECEIVER_MS.
# Prints the delivery throughput, the latency from the failures' commit to each alert's arrival (p50, p99,
# last), and the server process's heap and RSS (sampled peaks, and the kernel's VmHWM).
# Usage: bench/alerts-server.sh [ALERTS] [RECEIVER_MS]   (default 1000 alerts, 50 ms)
# Environment: REFRESH (the server's --refresh, default 1s), FERRY_JAVA_OPTS (the server's JVM options, default
# none: the launcher's G1 and MaxRAMPercentage=75), MVN_ARGS (extra arguments for the build, e.g. -o).
#
# Builds ./ferry and ./ferry-server from this checkout, writes a project to a temporary folder (one revision: a
# documents table whose rows a trigger refuses to update; ferry.yaml: ALERTS+1 hash backfill jobs on it and one
# webhook sink), starts its embedded PostgreSQL 17 with `ferry db start` (durable defaults), applies the
# revision, and fails job w0000 with a real `ferry backfill run` (which creates the backfill tables). Then
# ./ferry-server --refresh $REFRESH on a free port of 127.0.0.1, and bench/AlertsServerLoad.java: the receiver,
# which waits for w0000's alert (the warm-up), then records a failed run of each other job in one transaction and
# waits until every alert has arrived. Load generator, receiver, server and database share the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
alerts=${1:-1000}
receiver_ms=${2:-50}
refresh=${REFRESH:-1s}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)   # before the build
# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
mvn -q -B -DskipTests ${MVN_ARGS:-} -pl cli,runbook-server -am package

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

free_port() {
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "no free port found" >&2
  exit 1
}
port=$(free_port)
receiver_port=$(free_port)
while [[ "$receiver_port" == "$port" ]]; do receiver_port=$(free_port); done
base="http://127.0.0.1:$port"

cd "$project"
unset FERRY_URL DATABASE_URL FERRY_DIR FERRY_CONFIG FERRY_REFRESH FERRY_MIGRATE_AT_START FERRY_SERVER_PORT FERRY_PUBLIC_URL
mkdir migrations
cat >migrations/r1.sql <<'SQL'
-- ferry:revision r1
-- ferry:revises base
-- ferry:message documents whose rows cannot be updated
-- ferry:up
CREATE TABLE documents (id bigint PRIMARY KEY, title text, body text, content_hash text);
INSERT INTO documents SELECT g, 'title ' || g, 'body ' || g FROM generate_series(1, 10) g;
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'documents are frozen'; END $$;
CREATE TRIGGER frozen BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION refuse();
SQL
{
  cat <<YAML
dirs: [migrations]
alerts:
  public-url: https://ferry.bench.example
  retry: [0s, 5s, 5s, 5s, 5s, 5s]
  sinks:
    bench:
      type: webhook
      url: http://127.0.0.1:$receiver_port/hook
      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
backfills:
YAML
  for i in $(seq 0 "$alerts"); do
    if [[ $i -eq 0 ]]; then job=w0000; else job=$(printf 'j%04d' "$i"); fi
    printf '  %s:\n    type: hash\n    table: documents\n    key: id\n    columns: [title, body]\n    target: content_hash\n' "$job"
  done
} >ferry.yaml

"$ferry" db start >/dev/null
status=$("$ferry" db status --json)
url=$(sed -E 's/.*"url":"([^"]*)".*/\1/' <<<"$status")
user=$(sed -E 's/.*"user":"([^"]*)".*/\1/' <<<"$status")
"$ferry" upgrade head >"$project/upgrade.log" 2>&1 || { cat "$project/upgrade.log" >&2; exit 1; }
if "$ferry" backfill run w0000 >"$project/w0000.log" 2>&1; then
  echo "the warm-up job w0000 did not fail:" >&2
  cat "$project/w0000.log" >&2
  exit 1
fi

"$root/ferry-server" --port "$port" --refresh "$refresh" >"$project/server.log" 2>&1 &
server_pid=$!
health=
for _ in $(seq 1 600); do
  health=$(curl -s "$base/health" 2>/dev/null || true)
  [[ "$health" == *'"status":"'* ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ "$health" != *'"status":"'* ]]; then
  echo "the server did not answer /health: $health" >&2
  cat "$project/server.log" >&2
  exit 1
fi

pg_jar=$(ls "$root"/runbook-server/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)
echo "alerts-server: $alerts alerts, receiver $receiver_ms ms, --refresh $refresh, $(nproc) cores, load average $load_before before the build, $(cut -d' ' -f1-3 /proc/loadavg) after it"
echo "server: ./ferry-server on $base (pid $server_pid), FERRY_JAVA_OPTS='${FERRY_JAVA_OPTS:-}', $(java -version 2>&1 | head -1); one webhook sink (8 posts on the wire, the dispatcher's default)"
echo "database: the embedded PostgreSQL of the project (ferry db start); $((alerts + 1)) backfill jobs declared, spool on $(df -h "$project" | awk 'NR==2 {print $1}')"
java -cp "$pg_jar" "$root/bench/AlertsServerLoad.java" "$base" "$server_pid" "$receiver_port" "$receiver_ms" \
  "$url" "$user" "$alerts"
