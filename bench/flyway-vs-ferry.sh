#!/usr/bin/env bash
# Flyway 13 and Ferry apply the same N small versioned migrations on fresh databases, alternating, then
# run info with N applied; prints median wall times and the Ferry/Flyway ratio.
# Usage: bench/flyway-vs-ferry.sh [N] [ROUNDS]   (default 1000 migrations, 3 rounds)
# Uses an embedded PostgreSQL 17 with fsync and synchronous_commit on, or the server named by FERRY_TEST_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: migration-core comes from this checkout's target/, never from ~/.m2.
mvn -q -B -DskipTests test-compile dependency:build-classpath -pl compat-flyway -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "compat-flyway/target/test-classes:$(cat "$cp_file")" \
  -Djava.util.logging.config.file=/dev/null -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.compat.flyway.bench.FlywayVersusFerryBenchmark "$@"
