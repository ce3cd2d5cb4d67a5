# Sourced by benchmarks: write_revisions DIR N writes N native revisions into DIR, a linear chain, each creating
# one table (id integer PRIMARY KEY, label text NOT NULL) and inserting one row, as MigrateFloorBenchmark does.
write_revisions() {
  local dir=$1 n=$2 i id parent file
  mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do
    id=$(printf '%012x' $((0xbe0000000000 + i)))
    if ((i == 1)); then parent=base; else parent=$(printf '%012x' $((0xbe0000000000 + i - 1))); fi
    file="$dir/$(printf '%05d' "$i")_${id}_table_$i.sql"
    printf -- '-- ferry:revision %s\n-- ferry:revises %s\n-- ferry:message table %d\n\n-- ferry:up\n' "$id" "$parent" "$i" >"$file"
    printf 'CREATE TABLE t%d (id integer PRIMARY KEY, label text NOT NULL);\n' "$i" >>"$file"
    printf "INSERT INTO t%d (id, label) VALUES (1, 'row of revision %d');\n\n-- ferry:down\nDROP TABLE t%d;\n" "$i" "$i" "$i" >>"$file"
  done
}
