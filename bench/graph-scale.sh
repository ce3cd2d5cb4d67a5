#!/usr/bin/env bash
# ferry heads, ferry history and ferry upgrade head --sql on projects of 1,000 and 10,000 revisions (a
# chain with 50 branches merged back), cold processes with the heap capped at 256 MB; prints the median
# times, the time per revision, the largest heap in use and how the times grow with the graph.
# Usage: bench/graph-scale.sh [RUNS] [SIZE...]   (default 7 runs; sizes 1000 10000)
# The commands get the URL of an empty database on an embedded PostgreSQL 17 (or on the server named by
# FERRY_TEST_URL). MVN_ARGS (e.g. -o) goes to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B ${MVN_ARGS:-} -DskipTests package -pl cli -am
mvn -q -B ${MVN_ARGS:-} -DskipTests test-compile dependency:build-classpath -pl migration-core \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "migration-core/target/test-classes:$(cat "$cp_file")" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.migration.bench.GraphScaleBenchmark "$@"
