#!/usr/bin/env bash
# The class list of ./ferry's class-data archive (cli/pom.xml dumps the archive from it): the classes that
# typical commands load, listed by training runs of the built application.
#
# Usage: class-list.sh JAVA APP_JAR EXAMPLE_DIR WORK_DIR OUT_LIST
#
# With a database, the runs are those an operator's day is made of: `upgrade --json` of the example project
# (which reads its files, lints them against the live catalog, takes the lock and applies them), `current`,
# and a failed connection (the error path). The database is the embedded one `ferry db start` runs in
# WORK_DIR, stopped and removed at the end. When it cannot start (no binaries for this platform, no user
# namespace to run it in), only the failed connection trains, as before: the archive then leaves out the
# driver's classes past its connect and those of a run, which load from the jar instead. The build never
# fails here for want of a database; it does when the application cannot run at all. The lists are merged
# by MergeClassLists.java, which also leaves out the classes the archive must not hold.
set -uo pipefail
java=$1 jar=$2 example=$3 work=$4 out=$5
here=$(cd "$(dirname "$0")" && pwd)

# Training must not reach whatever database the builder's environment names.
for name in "${!FERRY_@}"; do unset "$name"; done
unset DATABASE_URL

rm -rf "$work"
mkdir -p "$work/project/migrations" "$work/lists"
cp "$example"/migrations/*.sql "$work/project/migrations/"
cp "$example"/ferry.yaml "$work/project/"
cd "$work/project" || exit 2

train() { # LIST ARGS...: one run, its loaded classes listed in $work/lists/LIST
  local list=$1
  shift
  "$java" -Xshare:off -XX:DumpLoadedClassList="$work/lists/$list" -Xlog:disable -jar "$jar" "$@"
}

started=no
if "$java" -Xlog:disable -jar "$jar" db start; then
  started=yes
  trap '"$java" -Xlog:disable -jar "$jar" db stop >/dev/null 2>&1; rm -rf "$work/project/.ferry"' EXIT
fi
if [[ $started == yes ]]; then
  train 1-upgrade upgrade --json || { echo "class-list: the upgrade training run failed" >&2; exit 1; }
  train 2-current current || { echo "class-list: the current training run failed" >&2; exit 1; }
else
  echo "class-list: no embedded database here; training on a failed connection only" >&2
fi
train 3-unreachable current --url jdbc:postgresql://127.0.0.1:1/ferry-class-data-training
if [[ $? != 3 ]]; then
  echo "class-list: the failed-connection training run did not exit 3 (cannot connect)" >&2
  exit 1
fi
# One list, each class once, in the order first loaded, without the classes an agent would crash the JVM on.
"$java" "$here/MergeClassLists.java" "$out" "$(dirname "$jar")" "$work"/lists/*
