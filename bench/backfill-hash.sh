#!/usr/bin/env bash
# The hash backfill against its floor, one set-based UPDATE of the same rows, at each size of ROWS (a
# comma-separated list): ferry backfill run (wall time and the run's own time) and its dry run, the single
# UPDATE, and at the first size a row-by-row JDBC loop. Prints rows/s of each and the ratios per size.
# Usage: bench/backfill-hash.sh [ROWS] [ROUNDS] [BATCH_SIZE]
# (default 1000000,10000000 rows, 1 round, the default batch size). 10M rows take about 4 GB of disk
# while they are measured; each size's table is dropped before the next one is made.
# Uses the embedded PostgreSQL 17 with fsync and synchronous_commit on, or the server named by FERRY_TEST_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: the launcher and the modules come from this checkout's target/, never from ~/.m2.
mvn -q -B -DskipTests package dependency:build-classpath -pl cli -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
java -cp "cli/target/test-classes:$(cat "$cp_file")" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.cli.bench.BackfillHashBenchmark "$@"
