#!/usr/bin/env bash
# Where the time of `ferry upgrade head --json` goes, phase by phase, for N small revisions (as
# migrate-floor.sh writes them). A copy of this commit's sources (git archive HEAD; FERRY_PROFILE_REF names
# another commit, an earlier one to compare with, where the patch applies) gets the timers of
# bench/migrate-profile.patch, which print on stderr, at each phase's end, the milliseconds since the
# command was started; that copy is built and run ROUNDS times, each time on a fresh database of a
# throw-away PostgreSQL 15 cluster (bench/pg15-cluster.sh; fsync on). Prints the median of each phase.
# Usage: bench/migrate-profile.sh [N] [ROUNDS]   (default 1000 revisions, 5 rounds); MVN_ARGS (e.g. -o) goes
# to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
rounds=${2:-5}
source bench/pg15-cluster.sh   # $tmp, removed at exit with the cluster stopped
source bench/revisions.sh
copy="$tmp/sources"
mkdir -p "$copy"
git archive "${FERRY_PROFILE_REF:-HEAD}" | tar -x -C "$copy"
root=$PWD
(cd "$copy" && git apply "$root/bench/migrate-profile.patch")
(cd "$copy" && mvn -q -B ${MVN_ARGS:-} -DskipTests package -pl cli -am)
write_revisions "$tmp/project/migrations" "$n"

pg15_start "$tmp"
port=$PG15_PORT
echo "${FERRY_PROFILE_REF:-HEAD} ($(git rev-parse --short "${FERRY_PROFILE_REF:-HEAD}")):" \
  "PostgreSQL $(pg15_psql -c 'SHOW server_version'), fsync $(pg15_psql -c 'SHOW fsync'); java $(java -version 2>&1 | head -1);" \
  "$n revisions, $rounds round(s); medians, in milliseconds"

phases="$tmp/phases"
: >"$phases"
for ((round = 1; round <= rounds; round++)); do
  pg15_psql -c "DROP DATABASE IF EXISTS bench_profile WITH (FORCE)" -c "CREATE DATABASE bench_profile" -c CHECKPOINT
  sync
  start=$(date +%s%3N)
  (cd "$tmp/project" && env -u FERRY_DIR -u FERRY_CONFIG -u DATABASE_URL FERRY_PROFILE_T0="$start" \
    FERRY_URL="jdbc:postgresql://127.0.0.1:$port/bench_profile?user=postgres" \
    "$copy/ferry" upgrade head --json 2>"$tmp/err" >/dev/null)
  end=$(date +%s%3N)
  # The first time each mark was printed, then the total.
  awk -v total=$((end - start)) '
    $1 == "profile" && !($2 in at) { at[$2] = $3 }
    END {
      printf "%d %d %d %d %d %d %d %d %d %d %d\n", at["command-line"], at["command"] - at["command-line"],
        at["files-read"] - at["command"], at["connected"] - at["connecting"], at["lint-planned"] - at["connected"],
        at["linted"] - at["lint-planned"], at["run-starts"] - at["linted"], at["run-ended"] - at["run-starts"],
        at["printed"] - at["run-ended"], total - at["printed"], total
    }' "$tmp/err" >>"$phases"
done
awk -v rounds="$rounds" '
  { for (i = 1; i <= NF; i++) v[i, NR] = $i }
  END {
    split("start to the command line: the launcher, the JVM, Quarkus|the command line model (picocli)|reading"\
      " and parsing the files|the first connection (the lint plans on it)|the lint: reading the heads, planning,"\
      " splitting|the lint: the rules, and the findings printed|the lock, the history tables, the checks, the"\
      " plan|the run: the revisions|the result printed|exiting|the whole command", name, "|")
    for (i = 1; i <= 11; i++) {
      for (r = 1; r <= rounds; r++) s[r] = v[i, r]
      for (a = 1; a <= rounds; a++) for (b = a + 1; b <= rounds; b++) if (s[b] < s[a]) { t = s[a]; s[a] = s[b]; s[b] = t }
      printf "  %-55s %6d\n", name[i], s[int((rounds + 1) / 2)]
    }
  }' "$phases"
