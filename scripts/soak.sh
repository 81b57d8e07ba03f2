#!/usr/bin/env bash
# Soak test: the example server in release mode under mixed loopback load.
#
#   scripts/soak.sh [SECONDS] [CONNECTIONS]     (defaults: 30 s, 32 connections)
#
# Builds admin-example-server and the soak load generator (examples/soak.rs of
# admin-codegen-example) in release mode, starts the server on a free loopback
# port, drives it for SECONDS with signed queries, a mutation, unauthorized,
# forbidden and malformed requests, prints throughput, p50/p99 per request
# kind, the count of each status, and the server's resident memory before,
# at its peak and after. Exits non-zero if any answer was not the expected one
# or the server died.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
connections="${2:-32}"

cargo build --release --locked -q -p admin-codegen-example --bin admin-example-server --example soak
target="${CARGO_TARGET_DIR:-target}"

scratch="$(mktemp -d)"
log="$scratch/server.log"
# A new SQLite file per run (SOAK_DATABASE for another, e.g. a postgres:// URL).
"$target/release/admin-example-server" --bind 127.0.0.1:0 --database "${SOAK_DATABASE:-$scratch/soak.db}" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
# The server prints its address once it listens.
addr=""
for _ in $(seq 1 100); do
  addr="$(sed -n 's|.*listening on http://\([^/]*\)/.*|\1|p' "$log")"
  [ -n "$addr" ] && break
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "soak: the server did not start:" >&2
  cat "$log" >&2
  exit 1
fi
echo "soak: admin-example-server (pid $server) on $addr"

status=0
"$target/release/examples/soak" --target "$addr" --pid "$server" --seconds "$seconds" --connections "$connections" || status=$?
if ! kill -0 "$server" 2>/dev/null; then
  echo "soak: the server died" >&2
  status=1
fi
exit "$status"
