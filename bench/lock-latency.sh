#!/usr/bin/env bash
# Measures how long application reads wait while a migration waits for a lock behind a long
# transaction, for several lock_timeout settings, every other setting at Ferry's default.
# Usage: bench/lock-latency.sh [SECONDS_HELD]   (default 10)
# Uses an embedded PostgreSQL with durable settings, or the server named by FERRY_TEST_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile -pl migration-core -am
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl migration-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "migration-core/target/test-classes:migration-core/target/classes:$(cat "$cp_file")" \
  io.ferry.migration.bench.LockLatencyBenchmark "$@"
