#!/usr/bin/env bash
# The TypeScript target, checked by the real tools:
#   1. `admin-codegen generate --target typescript` for the default schema and
#      its operations, every fixture under tests/fixtures/schema (with its
#      operations) and, when ../shared/corpus is present, every corpus schema;
#   2. `tsc --strict --noEmit` (the `typescript` package pinned in
#      package-lock.json) over all of it, plus usage/*.ts, typed uses that must
#      compile, and each of usage/fail/*.ts, which must fail with the error
#      code its first line names;
#   3. Node tests: packages/client's signature against
#      ../shared/spec/sign-vectors.txt, and the default schema's generated
#      operations (compiled by tsc) through packages/client against the example
#      server over loopback, signed and through `admin-codegen proxy`; their
#      DocumentNodes printed by graphql-js equal their document strings.
# npm packages and all output go under target/typescript-tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/typescript-tests"
rm -rf "$work/gen" "$work/js"
mkdir -p "$work/gen"
cp "$root/tests/typescript/package.json" "$root/tests/typescript/package-lock.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --silent)
mkdir -p "$work/node_modules/@admin-codegen"
# The client package as consoles install it (a dependency named @admin-codegen/client).
ln -sfn "$root/packages/client" "$work/node_modules/@admin-codegen/client"
tsc="$work/node_modules/.bin/tsc"

cargo build -q --locked -p admin-codegen -p admin-codegen-example
bin="$target/debug/admin-codegen"
gen() { # gen NAME ARGS...: TypeScript only, into $work/gen/NAME
  local name=$1
  shift
  # From $work, so that the repository's own admin-codegen.toml is not read.
  (cd "$work" && "$bin" generate --target typescript --out "$work/gen/$name" --color never "$@") 2>"$work/gen-$name.log" ||
    { cat "$work/gen-$name.log" >&2; exit 1; }
}
# The default schema with `[typescript] document_nodes` on: each operation also as a TypedDocumentNode.
printf 'schema = "%s/schema"\ndocuments = "%s/operations"\ntargets = ["typescript"]\n\n[typescript]\ndocument_nodes = true\n' \
  "$root" "$root" >"$work/default.toml"
gen default --config "$work/default.toml"
for dir in "$root"/tests/fixtures/schema/*/; do
  name=$(basename "$dir")
  args=(--schema "$dir*.graphql")
  [ -f "$dir/admin-codegen.toml" ] && args+=(--config "$dir/admin-codegen.toml")
  [ -d "$dir/operations" ] && args+=(--documents "$dir/operations")
  gen "fixture-$name" "${args[@]}"
done
corpus="$root/../shared/corpus"
if [ -d "$corpus" ]; then
  for f in "$corpus"/*.graphql; do gen "corpus-$(basename "$f" .graphql)" --schema "$f"; done
else
  echo "skipped: $corpus is absent, the corpus schemas are not checked"
fi
cases=$(ls "$work/gen" | wc -l)
echo "-- generated TypeScript for $cases schemas"

common=(--strict --noEmit --target es2022 --module esnext --moduleResolution bundler --skipLibCheck false
  --noUnusedLocals --exactOptionalPropertyTypes)
echo "-- tsc --strict over every generated file and usage/*.ts"
mkdir -p "$work/usage"
cp "$root"/tests/typescript/usage/*.ts "$work/usage/"
"$tsc" "${common[@]}" $(find "$work/gen" -name '*.ts' | sort) "$work"/usage/*.ts

echo "-- usage/fail/*.ts must not compile"
status=0
for f in "$root"/tests/typescript/usage/fail/*.ts; do
  expect=$(head -1 "$f" | sed -n 's|^// expect: \(TS[0-9]*\).*|\1|p')
  cp "$f" "$work/usage/fail-$(basename "$f")"
  if out=$("$tsc" "${common[@]}" "$work/usage/fail-$(basename "$f")" 2>&1); then
    echo "FAIL: $(basename "$f") compiled" >&2
    status=1
  elif ! grep -q "error $expect" <<<"$out"; then
    echo "FAIL: $(basename "$f") did not fail with $expect:" >&2
    echo "$out" >&2
    status=1
  else
    echo "ok: $(basename "$f") fails with $expect"
  fi
  rm "$work/usage/fail-$(basename "$f")"
done

echo "-- Node: signatures against the spec's vectors"
cp "$root"/tests/typescript/*.test.mjs "$work/"
SIGN_VECTORS="$root/../shared/spec/sign-vectors.txt" node --test "$work/sign.test.mjs" || status=1

echo "-- Node: generated operations against the example server, signed and through the proxy"
"$tsc" --strict --target es2022 --module esnext --moduleResolution bundler --outDir "$work/js" \
  "$work/gen/default/typescript/operations.ts" "$work/gen/default/typescript/schema.ts"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
server=$(free_port)
"$target/debug/admin-example-server" --bind "127.0.0.1:$server" --database :memory: 2>"$work/server.log" &
pids+=($!)
proxy=$(free_port)
"$bin" proxy --endpoint "http://127.0.0.1:$server" --port "$proxy" --no-introspection \
  --access-key AKIAIOSFODNN7EXAMPLE --secret-key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY 2>"$work/proxy.log" &
pids+=($!)
for port in "$server" "$proxy"; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
ADMIN_ENDPOINT="http://127.0.0.1:$server" PROXY_ENDPOINT="http://127.0.0.1:$proxy" \
  OPERATIONS="$work/js/operations.js" node --test "$work/e2e.test.mjs" || status=1
exit $status
