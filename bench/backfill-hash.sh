#!/usr/bin/env bash
# The hash backfill three ways on ROWS rows: ferry backfill run (and its dry run), one set-based UPDATE,
# and a row-by-row JDBC loop. Usage: bench/backfill-hash.sh [ROWS] [ROUNDS] [BATCH_SIZE]
# (default 1000000 rows, 1 round, the default batch size).
# Uses the embedded PostgreSQL, or the server named by FERRY_TEST_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl cli -am
mvn -q -B -DskipTests test-compile -pl cli
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl cli dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "cli/target/test-classes:$(cat "$cp_file")" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.cli.bench.BackfillHashBenchmark "$@"
