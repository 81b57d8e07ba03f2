#!/usr/bin/env bash
# A throwaway PostgreSQL server on a free loopback port, for tests.
#
#   scripts/postgres.sh start DIR   # initdb into DIR, start, print the URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   scripts/postgres.sh stop DIR    # stop it and remove DIR
#
# Uses Debian's binaries (/usr/lib/postgresql/*/bin, or PG_BIN). As root it
# runs the server as the `postgres` user, since PostgreSQL refuses root.
# DIR's parent must be readable by that user. Exits 2 with a reason when
# PostgreSQL is not installed.
set -euo pipefail
cmd="${1:?start or stop}"
dir="${2:?a directory}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL is not installed (Debian: apt-get install postgresql; or set PG_BIN)" >&2
    exit 2
fi
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_server "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_server "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -F" \
        -l "$dir/log" -w start >/dev/null || { cat "$dir/log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 64
    ;;
esac
