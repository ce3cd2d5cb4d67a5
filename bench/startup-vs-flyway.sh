#!/usr/bin/env bash
# Cold start against Flyway's bare Java API: how long `ferry current --url URL` takes, a new JVM each
# time, next to the least a program does with Flyway to say the same (bench/FlywayCurrent.java:
# Flyway.configure().dataSource(...).locations("filesystem:...").load().info().current()), on the
# default JVM (Java 17 here) and on Java 25 or later, where the launcher maps its AOT cache.
# Both read the same folder: the example project's four migrations (docs/examples/proposals), written
# in Flyway's form (V1__baseline.sql ...: the `-- ferry:up` part of each file), applied by Flyway
# itself, so both report version 4 from flyway_schema_history. The runs alternate, so that the
# machine's noise falls on all alike; each command's output goes to /dev/null.
# Per JVM, it times:
#   - flyway: `java -cp CLASSES:JARS FlywayCurrent ...`, plain `java` as a user of the API runs it (the
#     headline: Ferry's launcher chooses its flags, a Flyway user gets the JVM's defaults);
#   - flyway, tuned: the same with the launcher's flags (C1 only, serial GC) and an archive of its own
#     classes, recorded by one run of it (Java 17: -XX:ArchiveClassesAtExit; Java 25: -XX:AOTCacheOutput);
#   - ferry: `./ferry current --url URL`; on Java 25 also with FERRY_AOT_CACHE=off, the same launcher
#     without its cache (its cache lives in a directory of this run, made by the launcher's own first run).
# Usage: bench/startup-vs-flyway.sh [RUNS]   (default 15)
# JVMs: JAVA17_HOME (default: the JDK of `java` on the PATH) and JAVA25_HOME (default: the first of
# /usr/lib/jvm/*25*; that column is left out when there is none).
# Server: the embedded PostgreSQL 17 of a throw-away project, started by `ferry db start` with
# PostgreSQL's durable defaults (fsync on, synchronous_commit on); or, with FERRY_TEST_URL (and
# FERRY_TEST_USER, FERRY_TEST_PASSWORD), that server's database, which must be empty: the bench applies
# the project there and leaves it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-15}
# One reactor build: the launcher's application and, from compat-flyway's test dependencies, the
# classpath of Flyway 13 and the PostgreSQL driver (nothing else of Ferry's).
mvn -q -B -DskipTests package dependency:build-classpath -pl cli,compat-flyway -am \
  -Dmdep.includeScope=test -Dmdep.includeGroupIds=org.flywaydb,org.postgresql \
  -Dmdep.outputFile=target/flyway-classpath.txt
flyway_jars=$(cat compat-flyway/target/flyway-classpath.txt)

tmp=$(mktemp -d)
ferry="$root/ferry"
cleanup() {
  if [[ -z "${FERRY_TEST_URL:-}" ]]; then
    (cd "$tmp/project" && "$ferry" db stop >/dev/null 2>&1) || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
unset FERRY_URL DATABASE_URL FERRY_DIR FERRY_CONFIG FERRY_JAVA_OPTS FERRY_AOT_CACHE
export FERRY_CACHE_DIR="$tmp/cache"

java17=${JAVA17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
java25=${JAVA25_HOME:-$(find /usr/lib/jvm -maxdepth 1 -name '*25*' -type d 2>/dev/null | sort | head -1)}
jvms=("$java17")
if [[ -n "$java25" && -x "$java25/bin/java" ]]; then jvms+=("$java25"); fi

# The project in Flyway's form: the `-- ferry:up` part of each example file, numbered in order.
mkdir -p "$tmp/project/migrations"
n=0
for f in docs/examples/proposals/migrations/*.sql; do
  n=$((n + 1))
  name=$(basename "$f" .sql | cut -d_ -f4-)
  awk '/^-- ferry:up/ { up = 1; next } /^-- ferry:down/ { up = 0 } up' "$f" >"$tmp/project/migrations/V${n}__${name}.sql"
done
migrations="$tmp/project/migrations"

# In a jar: a class-data archive or an AOT cache takes no directory on the class path.
"$java17/bin/javac" -d "$tmp/classes" -cp "$flyway_jars" bench/FlywayCurrent.java
"$java17/bin/jar" cf "$tmp/flyway-current.jar" -C "$tmp/classes" .
if [[ -n "${FERRY_TEST_URL:-}" ]]; then
  url=$FERRY_TEST_URL
  user=${FERRY_TEST_USER:-}
  password=${FERRY_TEST_PASSWORD:-}
else
  (cd "$tmp/project" && "$ferry" db start >/dev/null 2>&1)
  url=$(cd "$tmp/project" && "$ferry" db status --json | sed -E 's/.*"url":"([^"]*)".*/\1/')
  user=postgres
  password=
fi
ferry_args=(current --url "$url")
if [[ -n "$user" ]]; then ferry_args+=(--user "$user"); fi
if [[ -n "$password" ]]; then ferry_args+=(--password "$password"); fi
flyway_args=(-cp "$tmp/flyway-current.jar:$flyway_jars" FlywayCurrent "$url" "$user" "$password" "$migrations")
"$java17/bin/java" "${flyway_args[@]}" migrate >/dev/null 2>"$tmp/migrate.log" || { cat "$tmp/migrate.log" >&2; exit 1; }
echo "current version: flyway says $("$java17/bin/java" "${flyway_args[@]}" 2>/dev/null), ferry says $(cd "$tmp/project" && "$ferry" "${ferry_args[@]}")"

cd "$tmp/project" # ferry reads ./migrations, the folder Flyway is given
ferry_without_cache() { FERRY_AOT_CACHE=off "$ferry" "$@"; }
launcher_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=error:stderr)
declare -A wall cpu
time_once() { # label, command...
  local label=$1; shift
  local TIMEFORMAT='%R %U %S' real user sys
  { time "$@" >/dev/null 2>&1; } 2>"$tmp/time"
  read -r real user sys <"$tmp/time"
  wall[$label]+="$real "
  cpu[$label]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
report() { # label
  tr ' ' '\n' <<<"${wall[$1]}" | grep . | sort -g | awk -v label="$1" -v cpu="$(median "${cpu[$1]}")" '
    { t[NR] = $1 * 1000 } END { printf "  %-40s median %5d ms   min %5d ms   max %5d ms   cpu %5d ms   (%d runs)\n", label, t[int((NR + 1) / 2)], t[1], t[NR], cpu * 1000, NR }'
}

echo "startup-vs-flyway: $runs runs per command, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $url ($(if [[ -n "${FERRY_TEST_URL:-}" ]]; then echo "FERRY_TEST_URL"; else echo "embedded PostgreSQL 17, fsync on, synchronous_commit on"; fi))"
for home in "${jvms[@]}"; do
  java="$home/bin/java"
  version=$("$java" -version 2>&1 | head -1)
  feature=$(sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$home/release")
  # Flyway, tuned: its own archive, recorded by one run, as the launcher's build records ferry.jsa.
  tuned=("${launcher_flags[@]}")
  if ((feature >= 25)); then
    "$java" "${launcher_flags[@]}" -XX:AOTCacheOutput="$tmp/flyway-$feature.aot" "${flyway_args[@]}" >/dev/null 2>&1
    tuned+=(-XX:AOTCache="$tmp/flyway-$feature.aot")
  else
    "$java" "${launcher_flags[@]}" -XX:ArchiveClassesAtExit="$tmp/flyway-$feature.jsa" "${flyway_args[@]}" >/dev/null 2>&1
    tuned+=(-XX:SharedArchiveFile="$tmp/flyway-$feature.jsa")
  fi
  labels=("flyway (plain java)" "flyway (launcher flags + archive)" "ferry current")
  if ((feature >= 25)); then
    labels+=("ferry current, no AOT cache")
    # The launcher's first run on this JVM starts its training in the background; wait for the cache.
    JAVA_HOME=$home "$ferry" --version >/dev/null
    for ((s = 0; s < 300; s++)); do
      if compgen -G "$FERRY_CACHE_DIR/aot/*.aot" >/dev/null && ! compgen -G "$FERRY_CACHE_DIR/aot/*.lock" >/dev/null; then break; fi
      sleep 1
    done
    echo "  AOT cache: $(ls "$FERRY_CACHE_DIR"/aot/*.aot 2>/dev/null || echo "none (the launcher runs without)")"
  fi
  for label in "${labels[@]}"; do wall[$label]=; cpu[$label]=; done
  export JAVA_HOME=$home
  for ((i = -1; i < runs; i++)); do # run -1 warms the page cache and is not counted
    time_once "flyway (plain java)" "$java" "${flyway_args[@]}"
    time_once "flyway (launcher flags + archive)" "$java" "${tuned[@]}" "${flyway_args[@]}"
    time_once "ferry current" "$ferry" "${ferry_args[@]}"
    if ((feature >= 25)); then time_once "ferry current, no AOT cache" ferry_without_cache "${ferry_args[@]}"; fi
    if ((i < 0)); then for label in "${labels[@]}"; do wall[$label]=; cpu[$label]=; done; fi
  done
  echo "$version ($home)"
  for label in "${labels[@]}"; do report "$label"; done
  goal=$(if ((feature >= 25)); then echo 0.75; else echo 1.00; fi)
  awk -v f="$(median "${wall[ferry current]}")" -v p="$(median "${wall[flyway (plain java)]}")" \
    -v t="$(median "${wall[flyway (launcher flags + archive)]}")" -v goal="$goal" 'BEGIN {
      printf "  ferry / flyway (plain java): %.2f (goal: at most %s)   ferry / flyway (launcher flags + archive): %.2f\n", f / p, goal, f / t }'
done
