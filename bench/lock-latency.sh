#!/usr/bin/env bash
# Measures how long application reads wait while a migration waits for a lock behind a long
# transaction, for several lock_timeout settings. Usage: bench/lock-latency.sh [SECONDS_HELD]
# Uses the embedded PostgreSQL, or the server named by FERRY_TEST_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl migration-core -am
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl migration-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "migration-core/target/test-classes:migration-core/target/classes:$(cat "$cp_file")" \
  io.ferry.migration.bench.LockLatencyBenchmark "$@"
