#!/usr/bin/env bash
# Instructions executed by `admin-codegen generate` per stage, against schema
# size: a count that does not depend on the machine's load or caches, so a
# stage that grows faster than linearly shows as a ratio above 2.00 per
# doubling even where wall times are too noisy to tell.
#
#   scripts/instructions.sh [TYPES...]    (default: 625 1250 2500 5000)
#
# Each size is a synthetic schema from admin-codegen-synth with its operations,
# generated with every target (types, server, client) by the release CLI
# under valgrind's callgrind (installed from Debian's packages if missing).
# Inclusive counts per stage, in millions, and the ratio to the previous size.
# Takes about half a minute per 1000 types (625 to 5000 types: 22 s to 157 s here).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(625 1250 2500 5000)

command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cargo build --release --locked -q -p admin-codegen --bin admin-codegen
cargo build --release --locked -q -p admin-codegen-synth --example write
root="$(pwd)"
work="$root/target/instructions"
mkdir -p "$work"

stages=(
  "admin_codegen_build::pipeline::run:total"
  "admin_codegen_parser::parse_schema:parse"
  "admin_codegen_ir::lower::lower:IR schema"
  "admin_codegen_ir::operations::lower_operations:IR operations"
  "admin_codegen_emit::generate:emit+format"
  "admin_codegen_emit::format_tokens:format"
)
header="| types | SDL bytes |"
rule="|---:|---:|"
for s in "${stages[@]}"; do
  header+=" ${s##*:} M |"
  rule+="---:|"
done
echo "$header"
echo "$rule"
declare -A previous
for n in "${sizes[@]}"; do
  dir="$work/synthetic-$n"
  rm -rf "$dir"
  made=$(./target/release/examples/write "$n" "$dir" | awk '{print $1}')
  printf 'schema = "schema.graphql"\ndocuments = "operations"\nout = "gen"\ntargets = ["types", "server", "client"]\n' \
    >"$dir/admin-codegen.toml"
  (cd "$dir" && valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" \
    "$root/target/release/admin-codegen" generate >"$dir/run.log" 2>&1) || {
    echo "synthetic-$n: generate failed; see $dir/run.log" >&2
    exit 1
  }
  annotated=$(callgrind_annotate --inclusive=yes "$dir/callgrind.out" 2>/dev/null)
  row="| $made | $(wc -c <"$dir/schema.graphql") |"
  for s in "${stages[@]}"; do
    fn="${s%:*}"
    count=$(grep -F "???:$fn [" <<<"$annotated" | head -1 | awk '{gsub(",", "", $1); print $1}')
    [ -n "$count" ] || { echo "no count for $fn in $dir/callgrind.out" >&2; exit 1; }
    cell=$(awk -v c="$count" 'BEGIN { printf "%.0f", c / 1e6 }')
    if [ -n "${previous[$fn]:-}" ]; then
      cell+=$(awk -v c="$count" -v p="${previous[$fn]}" 'BEGIN { printf " (%.2fx)", c / p }')
    fi
    previous[$fn]=$count
    row+=" $cell |"
  done
  echo "$row"
done
