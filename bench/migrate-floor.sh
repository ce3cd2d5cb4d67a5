#!/usr/bin/env bash
# Ferry's `upgrade head` of N small revisions against the floor: a bare JDBC loop that sends the same
# statements, one transaction per revision with its history row. Both are cold processes, alternating,
# each on a fresh database; prints the medians and the ratio.
# Usage: bench/migrate-floor.sh [N] [ROUNDS]   (default 1000 revisions, 3 rounds)
# Uses an embedded PostgreSQL 17 with fsync, synchronous_commit and full_page_writes on, or the server
# named by FERRY_TEST_URL. MVN_ARGS (e.g. -o) goes to Maven; FERRY_LAUNCHER names another build's
# ./ferry to measure instead of this checkout's (an earlier commit's, say), and FERRY_COMPARE one more
# to measure beside it in the same rounds.
set -euo pipefail
# Launchers named relative to where the script was started from.
if [[ -n "${FERRY_LAUNCHER:-}" ]]; then FERRY_LAUNCHER=$(realpath "$FERRY_LAUNCHER"); fi
if [[ -n "${FERRY_COMPARE:-}" ]]; then FERRY_COMPARE=$(realpath "$FERRY_COMPARE"); fi
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: the launcher and the benchmark come from this checkout, never from ~/.m2.
mvn -q -B ${MVN_ARGS:-} -DskipTests package -pl cli -am
mvn -q -B ${MVN_ARGS:-} -DskipTests test-compile dependency:build-classpath -pl migration-core \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
cp=$(cat "$cp_file")
driver=$(tr ':' '\n' <<<"$cp" | grep '/postgresql-[0-9.]*\.jar$' | head -1)
java -cp "migration-core/target/test-classes:$cp" -Dfloor.classpath="$PWD/migration-core/target/test-classes:$driver" \
  -Dferry.launcher="${FERRY_LAUNCHER:-ferry}" -Dferry.compare="${FERRY_COMPARE:-}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.ferry.migration.bench.MigrateFloorBenchmark "$@"
