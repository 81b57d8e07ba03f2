#!/usr/bin/env bash
# Runs one cargo-fuzz target for a bounded time, on stable (RUSTC_BOOTSTRAP=1):
#
#   fuzz/run.sh <sdl|operations|signing|http|query> [SECONDS]      (default 60)
#
# Seeds: the `sdl` target starts from every schema in the repository
# (schema/ and the fixtures' SDL), `operations` from the fixtures' operation
# documents, `signing` and `http` from fuzz/seeds/<target>. New inputs found
# go to target/fuzz-corpus/<target>. FUZZ_DEV=1 fuzzes a debug build (with
# overflow checks; faster to compile, slower to run), as CI's short runs do.
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"
seconds="${2:-60}"
seeds="target/fuzz-seeds/$target"
rm -rf "$seeds"
mkdir -p "$seeds" "target/fuzz-corpus/$target"
case "$target" in
  sdl) files=$(find schema tests/fixtures -name '*.graphql' -not -path '*/operations/*' | sort) ;;
  operations) files=$(find tests/fixtures -path '*/operations/*.graphql' | sort) ;;
  *) files=$(find "fuzz/seeds/$target" -type f | sort) ;;
esac
for f in $files; do
  cp "$f" "$seeds/${f//\//_}"
done
profile=()
[ "${FUZZ_DEV:-}" = 1 ] && profile=(--dev)
RUSTC_BOOTSTRAP=1 cargo fuzz run "${profile[@]}" --sanitizer none "$target" "target/fuzz-corpus/$target" "$seeds" \
  -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
