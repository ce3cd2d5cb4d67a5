# Sourced by the benchmarks that need the PostgreSQL 15 of /usr/lib/postgresql/15 (the Debian build, with
# its defaults). It makes a temporary folder $tmp and a file $cp_file (for a class path), both removed at
# exit, after the cluster is stopped. pg15_start DIR makes a throw-away cluster in DIR/data on a free port
# of 127.0.0.1 and sets PG15_URL and PG15_PORT; pg15_psql ARGS... runs psql there, quietly, unaligned, as
# postgres on its postgres database; pg15_stop DIR stops it if it runs. As root, the server runs in a user
# namespace of its own.
pg15=/usr/lib/postgresql/15/bin
as_pg=()
if [[ $(id -u) == 0 ]]; then as_pg=(unshare -U); fi
pg15_start() {
  local dir=$1 port
  chmod 777 "$dir"
  port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  port=$((20000 + RANDOM % 20000))
  until port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
  "${as_pg[@]}" "$pg15/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$pg15/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" \
    start >/dev/null
  PG15_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
  PG15_PORT=$port
}
pg15_psql() {
  PGOPTIONS="-c client_min_messages=warning" "$pg15/psql" -h 127.0.0.1 -p "$PG15_PORT" -U postgres -d postgres -qAt "$@"
}
pg15_stop() {
  if [[ -f "$1/data/postmaster.pid" ]]; then
    "${as_pg[@]}" "$pg15/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
tmp=$(mktemp -d)
cp_file=$(mktemp)
pg15_cleanup() {
  pg15_stop "$tmp"
  rm -rf "$tmp" "$cp_file"
}
trap pg15_cleanup EXIT
