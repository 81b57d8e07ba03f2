#!/usr/bin/env bash
# Tells whether upstream has fixed what patches/ patches (see patches/README.md).
#
#   scripts/upstream-check.sh          only when crates.io has a newer async-graphql than the patched copy
#   scripts/upstream-check.sh --force  always
#
# Reads the newest async-graphql version from the crates.io sparse index. When
# it is newer than the vendored one (or with --force) it builds
# patches/upstream-probe against it, without our patch, in a scratch target
# dir, and runs it: exit 1 means upstream now accepts what we patch, so drop
# (that part of) the patch. Without network it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
vendored=$(sed -n 's/^version = "\(.*\)"/\1/p' patches/async-graphql/Cargo.toml | head -1)
index=$(curl -fsS --max-time 20 https://index.crates.io/as/yn/async-graphql 2>/dev/null || true)
if [ -z "$index" ]; then
  echo "upstream-check: crates.io index unreachable; not checked (vendored async-graphql $vendored)"
  exit 0
fi
# The newest release that is not yanked and not a pre-release.
newest=$(printf '%s\n' "$index" | python3 -c '
import json, sys
best = None
for line in sys.stdin:
    v = json.loads(line)
    if v.get("yanked") or "-" in v["vers"]:
        continue
    key = tuple(int(x) for x in v["vers"].split("."))
    best = max(best or key, key)
print(".".join(map(str, best)))')
echo "upstream-check: vendored async-graphql $vendored, newest on crates.io $newest"
if [ "$newest" = "$vendored" ] && [ "${1:-}" != "--force" ]; then
  echo "upstream-check: no newer release; the open issue (async-graphql#1692) stands"
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r patches/upstream-probe/. "$scratch/"
(cd "$scratch" && sed -i "s/version = \"\\*\"/version = \"=$newest\"/" Cargo.toml && CARGO_TARGET_DIR="$scratch/target" cargo run -q)
