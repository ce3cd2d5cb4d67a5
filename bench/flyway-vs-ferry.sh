#!/usr/bin/env bash
# Flyway 13 and Ferry apply the same N small versioned migrations on fresh databases, alternating, then
# run info with N applied; prints median wall times and the Ferry/Flyway ratio.
# Usage: bench/flyway-vs-ferry.sh [N] [ROUNDS]   (default 1000 migrations, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl migration-core -am
mvn -q -B -DskipTests test-compile -pl compat-flyway
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl compat-flyway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "compat-flyway/target/test-classes:$(cat "$cp_file")" \
  -Djava.util.logging.config.file=/dev/null -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.compat.flyway.bench.FlywayVersusFerryBenchmark "$@"
