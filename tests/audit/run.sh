#!/usr/bin/env bash
# The GraphQL-over-HTTP audits (the `graphql-http` package, pinned in
# package-lock.json) against the example server and through the proxy:
#   1. the example server as shipped (introspection off, spec §3), every request signed;
#   2. the example server with --introspection, where no audit is excused;
#   3. `admin-codegen proxy --no-introspection` in front of (1), requests unsigned.
# audit.mjs fails when a MUST or SHOULD fails that it does not list, with its
# reason, as contradicting the spec. Installs its npm packages under target/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/audit"
mkdir -p "$work"
cp "$root/tests/audit/package.json" "$root/tests/audit/package-lock.json" "$root/tests/audit/audit.mjs" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --silent)

cargo build -q --locked -p admin-codegen-example -p admin-codegen
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$1/" >/dev/null 2>&1 && return; sleep 0.1; done; echo "nothing answers on port $1" >&2; exit 1; }

plain=$(free_port)
"$target/debug/admin-example-server" --bind "127.0.0.1:$plain" --database :memory: 2>"$work/plain.log" &
pids+=($!)
open=$(free_port)
"$target/debug/admin-example-server" --bind "127.0.0.1:$open" --database :memory: --introspection 2>"$work/open.log" &
pids+=($!)
proxy=$(free_port)
"$target/debug/admin-codegen" proxy --endpoint "http://127.0.0.1:$plain" --port "$proxy" --no-introspection \
    --access-key AKIAIOSFODNN7EXAMPLE --secret-key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY 2>"$work/proxy.log" &
pids+=($!)
wait_for "$plain"
wait_for "$open"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$proxy/" && break; sleep 0.1; done

status=0
echo "-- the example server (introspection off), signed requests"
node "$work/audit.mjs" "http://127.0.0.1:$plain/admin/gql" signed introspection-off || status=1
echo "-- the example server with --introspection, signed requests"
node "$work/audit.mjs" "http://127.0.0.1:$open/admin/gql" signed || status=1
echo "-- through admin-codegen proxy --no-introspection, unsigned requests"
node "$work/audit.mjs" "http://127.0.0.1:$proxy/admin/gql" plain introspection-off || status=1
exit $status
