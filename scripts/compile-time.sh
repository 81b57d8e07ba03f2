#!/usr/bin/env bash
# Compile time of generated code: a crate that includes the generated types,
# server and client modules, built with `cargo build` (debug).
#
#   scripts/compile-time.sh [CASE...]    (default: default bai-24.09 github-2019 synthetic-1000)
#
# For each case it generates code with the release CLI into a scratch crate
# under target/compile-time/<case> (its own workspace, depending only on
# admin-codegen-runtime with the server and client features, and the
# repository's Cargo.lock), builds it once so the dependencies are compiled,
# then measures:
#   clean        `cargo clean -p <crate>` then `cargo build`: the crate alone, dependencies already built;
#   incremental  a one-line change to the crate's lib.rs, then `cargo build`;
#   no-op        `cargo build` with nothing changed.
# Cases: default (schema/admin.graphql + operations/), bai-24.09 and
# github-2019 (../shared/corpus, types + server), synthetic-N (admin-codegen-synth,
# N types, with its operations: every target). A case with `+schema` appended
# (`bai-24.09+schema`) also builds a server: the crate gets the resolver
# module `admin-codegen scaffold` writes and a function that calls the
# generated `schema()` with it, which monomorphizes every registration.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(default bai-24.09 github-2019 synthetic-1000)

cargo build --release --locked -q -p admin-codegen --bin admin-codegen
cargo build --release --locked -q -p admin-codegen-synth --example write
work="$root/target/compile-time"
export CARGO_TARGET_DIR="$work/target"
mkdir -p "$work"

now() { date +%s.%N; }
build() {
  if ! (cd "$dir" && cargo build -q 2>"$dir/build.log"); then
    echo "$case: cargo build failed:" >&2
    cat "$dir/build.log" >&2
    exit 1
  fi
}
elapsed() { echo "$(now) - $1" | bc; }

echo "| case | generated Rust bytes | clean s | incremental s | no-op s |"
echo "|---|---:|---:|---:|---:|"
for case in "${cases[@]}"; do
  with_schema=false
  if [[ "$case" == *+schema ]]; then with_schema=true; fi
  crate="ct_${case//[-.+]/_}"
  dir="$work/$case"
  rm -rf "$dir"
  mkdir -p "$dir/src" "$dir/input/operations"
  targets='["types", "server", "client"]'
  documents=""
  case "${case%+schema}" in
    default)
      cp schema/admin.graphql "$dir/input/schema.graphql"
      cp operations/*.graphql "$dir/input/operations/"
      documents='documents = "input/operations"' ;;
    bai-24.09 | github-2019)
      corpus="$root/../shared/corpus"
      file="$corpus/backendai-24.09.0.graphql"
      [ "${case%+schema}" = github-2019 ] && file="$corpus/github-2019.graphql"
      if [ ! -f "$file" ]; then echo "| $case | skipped: $file is absent | | | |"; continue; fi
      cp "$file" "$dir/input/schema.graphql"
      targets='["types", "server"]' ;;
    synthetic-*)
      n="${case#synthetic-}"
      "$root/target/release/examples/write" "${n%+schema}" "$dir/input" >/dev/null
      documents='documents = "input/operations"' ;;
    *) echo "unknown case $case" >&2; exit 2 ;;
  esac
  cat > "$dir/admin-codegen.toml" <<TOML
schema = ["input/schema.graphql"]
out = "src/generated"
targets = $targets
$documents
TOML
  if [ "${case%+schema}" = github-2019 ]; then
    printf '[scalars]\nURI = "::std::string::String"\nHTML = "::std::string::String"\nGitObjectID = "::std::string::String"\n' >> "$dir/admin-codegen.toml"
  fi
  if ! (cd "$dir" && "$root/target/release/admin-codegen" generate >/dev/null 2>"$dir/generate.log"); then
    cat "$dir/generate.log" >&2
    exit 1
  fi
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$crate"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
admin-codegen-runtime = { path = "$root/crates/admin-codegen-runtime", features = ["server", "client"] }

[workspace]
TOML
  cp Cargo.lock "$dir/Cargo.lock"
  cat > "$dir/src/lib.rs" <<'RS'
//! Generated code, compiled.
#![allow(dead_code)]
#[path = "generated/mod.rs"]
pub mod generated;
RS
  if $with_schema; then
    (cd "$dir" && "$root/target/release/admin-codegen" scaffold --out src/resolvers.rs >/dev/null 2>>"$dir/generate.log")
    cat >> "$dir/src/lib.rs" <<'RS'
pub mod resolvers;
/// The server's schema: every registration monomorphized.
pub fn server() -> admin_codegen_runtime::server::async_graphql::dynamic::SchemaBuilder {
    generated::server::schema(std::sync::Arc::new(resolvers::Api))
}
RS
  fi
  bytes=$(cat "$dir"/src/generated/*.rs | wc -c)
  build
  (cd "$dir" && cargo clean -q -p "$crate")
  t=$(now); build; clean=$(elapsed "$t")
  echo "// edited" >> "$dir/src/lib.rs"
  t=$(now); build; incremental=$(elapsed "$t")
  t=$(now); build; noop=$(elapsed "$t")
  printf '| %s | %s | %.1f | %.1f | %.2f |\n' "$case" "$bytes" "$clean" "$incremental" "$noop"
done
