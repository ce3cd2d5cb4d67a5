#!/usr/bin/env bash
# Times `ferry schema dump --json --url URL` against `pg_dump --schema-only -f /dev/null`, each a process
# each time, on a database of 1,000 tables, 10,000 columns and 2,000 indexes and on an empty one, in turn;
# each command's own time is its median on the large database minus its median on the empty one (JVM
# start and connecting not counted). Usage: bench/schema-snapshot.sh [RUNS]   (default 10 rounds)
# pg_dump must be of the server's major version, so by default this starts a throw-away cluster of the
# PostgreSQL 15 installed under /usr/lib/postgresql/15 and uses its pg_dump. With FERRY_TEST_URL set, it
# uses that server instead, and the pg_dump that PG_DUMP names (default: pg_dump on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
mvn -q -B ${MVN_ARGS:-} -DskipTests package -pl cli -am
source bench/pg15-cluster.sh   # $tmp and $cp_file, removed at exit with the cluster stopped
mvn -q -B ${MVN_ARGS:-} -pl migration-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
pg_dump=${PG_DUMP:-pg_dump}
if [[ -z "${FERRY_TEST_URL:-}" ]]; then
  pg15_start "$tmp"
  export FERRY_TEST_URL=$PG15_URL
  pg_dump=$pg15/pg_dump
fi
java -cp "migration-core/target/test-classes:migration-core/target/classes:$(cat "$cp_file")" \
  io.ferry.migration.bench.SchemaSnapshotBenchmark "$(pwd)/ferry" "$pg_dump" "$runs"
echo "settings: $runs rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
