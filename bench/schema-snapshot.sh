#!/usr/bin/env bash
# Times SchemaSnapshot.read against pg_dump --schema-only on a schema of 1,000 tables, 10,000 columns and
# 2,000 indexes. Usage: bench/schema-snapshot.sh [RUNS]   (default 10)
# pg_dump must be of the server's major version, so by default this starts a throw-away cluster of the
# PostgreSQL 15 installed under /usr/lib/postgresql/15 and uses its pg_dump. With FERRY_TEST_URL set, it
# uses that server instead, and the pg_dump that PG_DUMP names (default: pg_dump on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
mvn -q -B -DskipTests test-compile -pl migration-core -am
source bench/pg15-cluster.sh   # $tmp and $cp_file, removed at exit with the cluster stopped
mvn -q -B -pl migration-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
pg_dump=${PG_DUMP:-pg_dump}
if [[ -z "${FERRY_TEST_URL:-}" ]]; then
  pg15_start "$tmp"
  export FERRY_TEST_URL=$PG15_URL
  pg_dump=$pg15/pg_dump
fi
java -cp "migration-core/target/test-classes:migration-core/target/classes:$(cat "$cp_file")" \
  io.ferry.migration.bench.SchemaSnapshotBenchmark "$pg_dump" "$runs"
