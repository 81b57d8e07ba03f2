#!/usr/bin/env bash
# admin-codegen against GraphQL Code Generator, side by side in one run.
#
#   scripts/bench-anchor.sh [ROUNDS] [CASE...]
#     ROUNDS  interleaved rounds per case (default 5); the median is reported
#     CASE    default bai-24.03 bai-24.09 github-2019 synthetic-N (default: all
#             corpus schemas, the default schema, synthetic-1000 and synthetic-5000)
#
# Installs GraphQL Code Generator from the npm registry (versions pinned in
# scripts/anchor/package-lock.json) under target/anchor, builds the release
# CLI, then for each case runs, alternating, in fresh output directories:
#   server  `admin-codegen generate` with targets types + server, against
#           graphql-codegen with the typescript + typescript-resolvers plugins;
#   client  (cases with operation documents: default, github-2019 with
#           scripts/anchor/github-operations, synthetic-N) targets types +
#           client, against typescript + typescript-operations on the same
#           documents;
#   typescript  (the same cases) the TypeScript target alone, against the
#           same typescript + typescript-operations run: TypeScript against
#           TypeScript.
# Wall time is measured around the process (so Node's start-up counts, as it
# does for a user), peak RSS by /usr/bin/time. Each tool writes every file
# each round (outputs are deleted first). The ratio is the anchor's median
# over ours, from the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
rounds="${1:-5}"
shift || true
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(default bai-24.03 bai-24.09 github-2019 synthetic-1000 synthetic-5000)
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/anchor"
mkdir -p "$work"

cargo build --release --locked -q -p admin-codegen --bin admin-codegen
cargo build --release --locked -q -p admin-codegen-synth --example write
cp scripts/anchor/package.json scripts/anchor/package-lock.json "$work/"
(cd "$work" && npm ci --no-audit --no-fund --silent --loglevel=error)
cli="$target/release/admin-codegen"
anchor="$work/node_modules/.bin/graphql-codegen"
corpus="$root/../shared/corpus"

# run DIR CMD...: wall ms and peak KiB of one run, as "ms kib"; fails loudly.
run() {
  local dir="$1"; shift
  local start end
  start=$(date +%s%N)
  if ! (cd "$dir" && /usr/bin/time -f '%M' -o "$dir/rss" "$@" >"$dir/out.log" 2>&1); then
    echo "failed in $dir: $*" >&2
    cat "$dir/out.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -1 "$dir/rss")"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
max() { sort -n | tail -1; }

# measure CASE KIND DIR: interleaved rounds of ours and the anchor in DIR.
measure() {
  local case="$1" kind="$2" dir="$3"
  : >"$dir/ours.txt"
  : >"$dir/anchor.txt"
  for _ in $(seq "$rounds"); do
    rm -rf "$dir/out"
    run "$dir" "$cli" generate --config "ours-$kind.toml" >>"$dir/ours.txt"
    rm -rf "$dir/out"
    run "$dir" "$anchor" --silent --config "anchor-$kind.yml" >>"$dir/anchor.txt"
  done
  local ours theirs ours_kib theirs_kib
  ours=$(cut -d' ' -f1 "$dir/ours.txt" | median)
  theirs=$(cut -d' ' -f1 "$dir/anchor.txt" | median)
  ours_kib=$(cut -d' ' -f2 "$dir/ours.txt" | max)
  theirs_kib=$(cut -d' ' -f2 "$dir/anchor.txt" | max)
  local plugins="typescript + typescript-resolvers"
  [ "$kind" != server ] && plugins="typescript + typescript-operations"
  printf '| %s | %s | %s | %d | %d | %s | %d | %d | %.1fx |\n' "$case" "$kind" "$(wc -c <"$dir/schema.graphql")" \
    "$ours" "$(( ours_kib / 1024 ))" "$plugins" "$theirs" "$(( theirs_kib / 1024 ))" \
    "$(echo "$theirs / ($ours + 0.0001)" | bc -l)"
}

echo "rounds: $rounds; $(nproc) cores; $(node --version); graphql-codegen $(node -p "require('$work/node_modules/@graphql-codegen/cli/package.json').version")"
echo
echo "| case | targets | SDL bytes | admin-codegen ms | MiB | GraphQL Code Generator | ms | MiB | ratio |"
echo "|---|---|---:|---:|---:|---|---:|---:|---:|"
for case in "${cases[@]}"; do
  dir="$work/$case"
  rm -rf "$dir"
  mkdir -p "$dir/operations"
  scalars=""
  case "$case" in
    default)
      cp schema/admin.graphql "$dir/schema.graphql"
      cp operations/*.graphql "$dir/operations/" ;;
    bai-24.03 | bai-24.09 | github-2019)
      file="$corpus/backendai-${case#bai-}.0.graphql"
      [ "$case" = github-2019 ] && file="$corpus/github-2019.graphql"
      if [ ! -f "$file" ]; then echo "| $case | skipped: $file is absent | | | | | | | |"; continue; fi
      cp "$file" "$dir/schema.graphql"
      if [ "$case" = github-2019 ]; then
        cp scripts/anchor/github-operations/*.graphql "$dir/operations/"
        scalars=$'[scalars]\nURI = "::std::string::String"\nHTML = "::std::string::String"\nGitObjectID = "::std::string::String"'
      fi ;;
    synthetic-*)
      "$target/release/examples/write" "${case#synthetic-}" "$dir" >/dev/null ;;
    *) echo "unknown case $case" >&2; exit 2 ;;
  esac
  printf 'schema = ["schema.graphql"]\nout = "out"\ntargets = ["types", "server"]\n%s\n' "$scalars" >"$dir/ours-server.toml"
  printf 'schema: schema.graphql\ngenerates:\n  out/server.ts:\n    plugins: [typescript, typescript-resolvers]\n' >"$dir/anchor-server.yml"
  measure "$case" server "$dir"
  if compgen -G "$dir/operations/*.graphql" >/dev/null; then
    printf 'schema = ["schema.graphql"]\nout = "out"\ntargets = ["types", "client"]\ndocuments = "operations"\n%s\n' "$scalars" \
      >"$dir/ours-client.toml"
    printf 'schema: schema.graphql\ndocuments: "operations/*.graphql"\ngenerates:\n  out/client.ts:\n    plugins: [typescript, typescript-operations]\n' \
      >"$dir/anchor-client.yml"
    measure "$case" client "$dir"
    printf 'schema = ["schema.graphql"]\nout = "out"\ntargets = ["typescript"]\ndocuments = "operations"\n' >"$dir/ours-typescript.toml"
    cp "$dir/anchor-client.yml" "$dir/anchor-typescript.yml"
    measure "$case" typescript "$dir"
  fi
done
