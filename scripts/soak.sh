#!/usr/bin/env bash
# Soak test: the example server in release mode under mixed loopback load.
#
#   scripts/soak.sh [SECONDS] [CONNECTIONS]     (defaults: 30 s, 32 connections)
#   SOAK_REPLICAS=2 scripts/soak.sh 60 32        # two replicas on one database and one Redis server
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
replicas="${SOAK_REPLICAS:-1}"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$scratch"' EXIT
extra=()
if [ "$replicas" -gt 1 ]; then
  # Replicas share the database and a Redis server for their rate-limit count.
  command -v redis-server >/dev/null || { echo "soak: SOAK_REPLICAS needs redis-server (Debian: redis-server)" >&2; exit 2; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$scratch/redis.log" 2>&1 &
  pids+=($!)
  extra=(--redis "redis://127.0.0.1:$port/0")
  sleep 0.5
fi
# A new SQLite file per run (SOAK_DATABASE for another, e.g. a postgres:// URL).
database="${SOAK_DATABASE:-$scratch/soak.db}"
targets=()
for i in $(seq 1 "$replicas"); do
  log="$scratch/server$i.log"
  "$target/release/admin-example-server" --bind 127.0.0.1:0 --database "$database" "${extra[@]}" 2>"$log" &
  server=$!
  pids+=("$server")
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
  targets+=(--target "$addr" --pid "$server")
done

status=0
"$target/release/examples/soak" "${targets[@]}" --seconds "$seconds" --connections "$connections" || status=$?
for p in "${pids[@]}"; do
  if ! kill -0 "$p" 2>/dev/null; then
    echo "soak: process $p (a server or Redis) died" >&2
    status=1
  fi
done
exit "$status"
