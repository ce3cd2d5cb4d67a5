#!/usr/bin/env bash
# The example's json-normalize job (docs/examples/proposals, job 'variants', 100,000 templates from its
# generate.sql) on two servers: a throw-away PostgreSQL 15 cluster of the Debian build under
# /usr/lib/postgresql/15 with its defaults (JIT on, as Debian ships it; fsync and synchronous_commit on),
# and the embedded PostgreSQL 17 (fsync, synchronous_commit and full_page_writes on). On each: the first
# run (half the rows need a change) and a second run (none does), each as a dry run and for real; prints
# rows/s and the dry/real ratio. Usage: bench/backfill-json.sh [ROUNDS]   (default 3)
# With FERRY_TEST_URL set, it measures that server only.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
source bench/pg15-cluster.sh   # $tmp and $cp_file, removed at exit with the cluster stopped
# One reactor build: the launcher and the modules come from this checkout's target/, never from ~/.m2.
mvn -q -B -DskipTests package dependency:build-classpath -pl cli -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
bench() {
  java -cp "cli/target/test-classes:$(cat "$cp_file")" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.ferry.cli.bench.BackfillJsonBenchmark "$rounds" "$1"
}
if [[ -n "${FERRY_TEST_URL:-}" ]]; then
  bench "FERRY_TEST_URL"
  exit
fi
pg15_start "$tmp"
FERRY_TEST_URL=$PG15_URL bench "PostgreSQL 15 (Debian build)"
pg15_stop "$tmp"
echo
bench "embedded PostgreSQL 17"
