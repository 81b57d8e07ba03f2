#!/usr/bin/env bash
# Interoperability with the official Backend.AI client SDK, unmodified: its
# Session and raw `Admin.query`, its own admin functions (User, KeyPair,
# KeypairResourcePolicy, Group, Domain) and its `backend.ai admin ...` CLI,
# against the example server over loopback: first on a new SQLite file, then
# on a PostgreSQL server of its own (scripts/postgres.sh; skipped, saying
# why, when PostgreSQL is not installed, and a failure when
# ADMIN_CODEGEN_REQUIRE_POSTGRES is set). Creates its own virtualenv (in target/).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${CARGO_TARGET_DIR:-$root/target}/interop-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ai.backend.client' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'backend-ai-client==23.9.10' 'yarl<1.10'
fi

cargo build -q --locked -p admin-codegen-example
bin="${CARGO_TARGET_DIR:-$root/target}/debug/admin-example-server"
scratch=$(mktemp -d)
chmod 755 "$scratch" # the PostgreSQL server runs as `postgres` when this runs as root
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    "$root/scripts/postgres.sh" stop "$scratch/pg" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

passed=0
failed=0
expect() { # name expected actual
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1)); echo "ok: $1"
    else
        failed=$((failed + 1)); echo "FAILED: $1"; echo "  expected: $2"; echo "  actual:   $3"
    fi
}

suite() { # database
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    "$bin" --bind "127.0.0.1:$port" --database "$1" 2>"$scratch/server.log" &
    server=$!
    for _ in $(seq 100); do
        curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
        sleep 0.1
    done
    export BACKEND_ENDPOINT="http://127.0.0.1:$port" BACKEND_ENDPOINT_TYPE=api
    query() { # access_key secret_key query
        BACKEND_ACCESS_KEY="$1" BACKEND_SECRET_KEY="$2" \
            "$venv/bin/python" -W ignore::Warning "$root/tests/interop/official_client.py" "$3"
    }
    paginated() { # filter order, as the superadmin
        BACKEND_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE BACKEND_SECRET_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
            "$venv/bin/python" -W ignore::Warning "$root/tests/interop/paginated_users.py" "$1" "$2"
    }

    expect "superadmin lists every user" \
        '{"user_list": {"items": [{"email": "admin@lablup.com"}, {"email": "domain-admin@lablup.com"}, {"email": "user1@lablup.com"}, {"email": "user2@lablup.com"}], "total_count": 4}}' \
        "$(query AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY '{ user_list(limit: 10, offset: 0) { total_count items { email } } }')"
    expect "a plain user sees only itself" \
        '{"user_list": {"items": [{"email": "user1@lablup.com"}], "total_count": 1}}' \
        "$(query AKIAUSER000000000001 user1-secret-key-for-example-only-000001 '{ user_list(limit: 10, offset: 0) { total_count items { email } } }')"
    expect "the caller's own keypair" \
        '{"keypair": {"access_key": "AKIAUSER000000000002", "is_admin": false}}' \
        "$(query AKIAUSER000000000002 user2-secret-key-for-example-only-000002 '{ keypair { access_key is_admin } }')"
    # A wrong secret must be rejected by our server with 401 auth-failed, and the client must say so.
    local out
    if out=$(query AKIAUSER000000000001 not-the-secret '{ user { email } }' 2>&1); then
        failed=$((failed + 1)); echo "FAILED: a wrong secret key was accepted: $out"
    elif grep -q "401" <<<"$out" && grep -q "auth-failed" <<<"$out"; then
        passed=$((passed + 1)); echo "ok: a wrong secret key is rejected with 401 auth-failed"
    else
        failed=$((failed + 1)); echo "FAILED: a wrong secret key failed for another reason: $out"
    fi
    expect "the client's User.paginated_list with a filter and an order" \
        '{"items": [{"email": "user2@lablup.com", "role": "user"}, {"email": "user1@lablup.com", "role": "user"}], "total_count": 2}' \
        "$(paginated 'email ilike "USER%" & role == "user"' '-email')"
    out=$(paginated 'email == ' '')
    if grep -q "INVALID_FILTER" <<<"$out" && grep -q "expected a value after '==', found the end of the expression at column 10" <<<"$out"; then
        passed=$((passed + 1)); echo "ok: a bad filter reaches the client as INVALID_FILTER with its column"
    else
        failed=$((failed + 1)); echo "FAILED: a bad filter: $out"
    fi
    # The client's own functions and CLI: create, list, page, filter, order, update, deactivate, delete.
    if out=$("$venv/bin/python" -W ignore "$root/tests/interop/admin_flows.py" "$BACKEND_ENDPOINT" "$venv/bin/backend.ai" 2>&1); then
        passed=$((passed + 1)); echo "ok: $(tail -1 <<<"$out")"
    else
        failed=$((failed + 1)); echo "FAILED: the client's admin functions and CLI:"; echo "$out" | grep -v '^ok: ' | sed 's/^/  /'
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}

echo "-- SQLite (a new file)"
suite "$scratch/admin.db"

echo "-- PostgreSQL"
if url=$("$root/scripts/postgres.sh" start "$scratch/pg" 2>"$scratch/pg.err"); then
    suite "$url"
elif [ -n "${ADMIN_CODEGEN_REQUIRE_POSTGRES:-}" ]; then
    failed=$((failed + 1)); echo "FAILED: PostgreSQL is required here: $(cat "$scratch/pg.err")"
else
    echo "skipped: $(cat "$scratch/pg.err")"
fi

echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
