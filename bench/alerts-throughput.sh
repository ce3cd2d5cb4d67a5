#!/usr/bin/env bash
# How fast alerts go out: ALERTS alerts through one webhook sink to a receiver on 127.0.0.1 that answers each
# post after RECEIVER_MS; delivery throughput, send() to delivered latency (p50, p99), the spool's cost per
# send(), and the JVM's peak heap and RSS.
# Usage: bench/alerts-throughput.sh [ALERTS] [RECEIVER_MS]   (default 1000 alerts, 50 ms)
# Environment: WARMUP (alerts sent first and not measured, default 300), JAVA_OPTS (for the measuring JVM,
# default -Xmx256m), MVN_ARGS (extra arguments for the build, e.g. -o).
#
# Builds the alerts module (and migration-core under it) in one Maven run from this checkout, then runs
# bench/AlertsThroughput.java on its class path: the receiver (the JDK's HttpServer) and the Dispatcher live in
# one JVM, with the Dispatcher's defaults (8 posts on the wire per sink, 10 s per attempt). The spool is a
# temporary folder under bench/, so its fsyncs hit the repository's disk.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
alerts=${1:-1000}
receiver_ms=${2:-50}
warmup=${WARMUP:-300}
# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
mvn -q -B -DskipTests ${MVN_ARGS:-} -pl alerts -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
deps=$(cat alerts/target/bench-classpath.txt)
classpath="$root/alerts/target/classes:$root/migration-core/target/classes:$deps"
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the run: $load; disk of the spool: $(df -h bench | awk 'NR==2 {print $1}')"
cd bench
# shellcheck disable=SC2086 # JAVA_OPTS is a list of arguments
java ${JAVA_OPTS:--Xmx256m} -cp "$classpath" AlertsThroughput.java "$alerts" "$receiver_ms" "$warmup"
