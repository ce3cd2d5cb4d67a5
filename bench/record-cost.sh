#!/usr/bin/env bash
# What the server spends per revision of `ferry upgrade head`, by kind of statement, as its own log says
# (log_min_duration_statement = 0): the revision's statements, the record (history row, version move and
# lock check in one statement), BEGIN and COMMIT, each split into parse, bind (planning, for an unnamed
# statement) and execute. N small revisions as migrate-floor.sh writes them (one table and one row each),
# on a throw-away PostgreSQL 15 cluster of the Debian build (bench/pg15-cluster.sh), a fresh database per
# round. Logging every statement slows the server down, so read the figures against each other, not as
# the run's speed (migrate-floor.sh measures that).
# Usage: bench/record-cost.sh [N] [ROUNDS]   (default 1000 revisions, 3 rounds)
# FERRY_LAUNCHER names another build's ./ferry to measure instead of this checkout's, FERRY_COMPARE one more
# to measure in the same rounds; MVN_ARGS (e.g. -o) goes to Maven.
set -euo pipefail
if [[ -n "${FERRY_LAUNCHER:-}" ]]; then FERRY_LAUNCHER=$(realpath "$FERRY_LAUNCHER"); fi
if [[ -n "${FERRY_COMPARE:-}" ]]; then FERRY_COMPARE=$(realpath "$FERRY_COMPARE"); fi
cd "$(dirname "$0")/.."
n=${1:-1000}
rounds=${2:-3}
source bench/pg15-cluster.sh   # $tmp, removed at exit with the cluster stopped
mvn -q -B ${MVN_ARGS:-} -DskipTests package -pl cli -am
launchers=("${FERRY_LAUNCHER:-$PWD/ferry}")
if [[ -n "${FERRY_COMPARE:-}" ]]; then launchers+=("$FERRY_COMPARE"); fi

source bench/revisions.sh
write_revisions "$tmp/project/migrations" "$n"

pg15_start "$tmp"
port=$PG15_PORT
echo "PostgreSQL $(pg15_psql -c 'SHOW server_version'), fsync $(pg15_psql -c 'SHOW fsync'); $n revisions, $rounds round(s);" \
  "mean server time per revision, in microseconds"

# Sums, per kind and phase, the durations of one run's log into "kind phase mean_us" lines.
summarise() {
  awk -v n="$n" '
    /duration: [0-9.]+ ms  (parse|bind|execute) / {
      match($0, /duration: [0-9.]+/); ms = substr($0, RSTART + 10, RLENGTH - 10) + 0
      match($0, /ms  (parse|bind|execute) /); phase = substr($0, RSTART + 4, RLENGTH - 5)
      sql = $0; sub(/.*(parse|bind|execute) [^:]*: /, "", sql)
      if (sql ~ /^(CREATE TABLE|INSERT INTO) t[0-9]/) kind = "statements"
      else if (sql ~ /^(WITH head AS|EXECUTE ferry_record_)/ || sql ~ /^INSERT INTO .*ferry_history/) kind = "record"
      else if (sql ~ /^(BEGIN|COMMIT)/) kind = "begin+commit"
      else next
      sum[kind " " phase] += ms
    }
    END {
      split("statements record begin+commit", kinds, " ")
      for (i = 1; i <= 3; i++) {
        printf "%s%s: parse %.0f, bind %.0f, execute %.0f", (i > 1 ? "; " : ""), kinds[i],
          sum[kinds[i] " parse"] * 1000 / n, sum[kinds[i] " bind"] * 1000 / n, sum[kinds[i] " execute"] * 1000 / n
      }
      print ""
    }' "$tmp/log"
}

for ((round = 1; round <= rounds; round++)); do
  for l in "${!launchers[@]}"; do
    pg15_psql -c "DROP DATABASE IF EXISTS bench_record WITH (FORCE)" -c "CREATE DATABASE bench_record" -c CHECKPOINT
    pg15_psql -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
    : >"$tmp/log"
    (cd "$tmp/project" && env -u FERRY_DIR -u FERRY_CONFIG -u DATABASE_URL \
      FERRY_URL="jdbc:postgresql://127.0.0.1:$port/bench_record?user=postgres" \
      "${launchers[$l]}" upgrade head --json >/dev/null 2>&1)
    pg15_psql -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
    echo "round $round, ${launchers[$l]}: $(summarise)"
  done
done
