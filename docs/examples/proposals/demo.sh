#!/usr/bin/env bash
# The example end to end on the embedded database: migrate, generate data, dry-run the backfills,
# run them, and show their status. Build Ferry first: mvn -q -B -DskipTests package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ferry=${FERRY:-../../../ferry}

# Keep the embedded server up while the demo runs (each command would otherwise start and stop one),
# and stop it at the end, unless it was running already.
if ! $ferry db status >/dev/null 2>&1; then
  echo "== ferry db start"
  $ferry db start
  trap 'echo "== ferry db stop"; $ferry db stop' EXIT
fi

echo "== ferry upgrade"
$ferry upgrade
echo "== ferry sql -f generate.sql"
$ferry sql -f generate.sql
echo "== ferry backfill list"
$ferry backfill list
echo "== ferry backfill run all --dry-run"
$ferry backfill run all --dry-run --samples 3
echo "== ferry backfill run all"
$ferry backfill run all
echo "== ferry backfill status"
$ferry backfill status
