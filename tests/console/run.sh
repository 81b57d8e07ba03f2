#!/usr/bin/env bash
# examples/console in a real browser: bundles the page with esbuild (npm,
# pinned in its package-lock), serves it on loopback, starts the example
# server (with CORS for the page's origin) and `admin-codegen proxy`, and
# opens the page in headless Chromium (Debian's `chromium`) twice:
#   1. through the proxy, unsigned;
#   2. signing in the page with the superadmin's keypair (Web Crypto),
#      creating a user on load.
# Each time it checks the rendered DOM (every user, page by page) and saves a
# screenshot under target/console/. Skips, saying why, without Chromium,
# unless ADMIN_CODEGEN_REQUIRE_CHROMIUM is set (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/console"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  if [ -n "${ADMIN_CODEGEN_REQUIRE_CHROMIUM:-}" ]; then echo "chromium is required but absent" >&2; exit 1; fi
  echo "skipped: no chromium on PATH (Debian package chromium); the browser test did not run"
  exit 0
fi
rm -rf "$work"
mkdir -p "$work/site"
# Built where it lives (its node_modules/ and dist/ are git-ignored), so that
# its lock file's `file:../../packages/client` resolves as it does for a user.
app="$root/examples/console"
(cd "$app" && npm ci --no-audit --no-fund --silent && npm run -s typecheck && npm run -s build)
cp "$app/index.html" "$work/site/"
mkdir -p "$work/site/dist" && cp "$app/dist/app.js" "$work/site/dist/"

cargo build -q --locked -p admin-codegen -p admin-codegen-example
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
page=$(free_port)
server=$(free_port)
proxy=$(free_port)
python3 -m http.server "$page" --bind 127.0.0.1 --directory "$work/site" 2>"$work/http.log" &
pids+=($!)
"$target/debug/admin-example-server" --bind "127.0.0.1:$server" --database :memory: \
  --cors-origin "http://127.0.0.1:$page" 2>"$work/server.log" &
pids+=($!)
"$target/debug/admin-codegen" proxy --endpoint "http://127.0.0.1:$server" --port "$proxy" --no-introspection \
  --access-key AKIAIOSFODNN7EXAMPLE --secret-key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY 2>"$work/proxy.log" &
pids+=($!)
for port in "$page" "$server" "$proxy"; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done

browse() { # browse NAME URL [URL2]: the DOM after the page settled, then a screenshot of URL2 (default URL)
  local flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --user-data-dir="$work/profile-$1" --virtual-time-budget=20000 --window-size=1000,700)
  "$chromium" "${flags[@]}" --dump-dom "$2" >"$work/$1.html" 2>"$work/$1.log"
  "$chromium" "${flags[@]}" --screenshot="$work/$1.png" "${3:-$2}" >/dev/null 2>>"$work/$1.log"
}
status=0
check() { # check NAME TEXT...: every TEXT is in the dumped DOM
  local name=$1
  shift
  for text in "$@"; do
    if ! grep -qF -- "$text" "$work/$name.html"; then
      echo "FAIL: $name: the page does not show: $text" >&2
      status=1
    fi
  done
}

echo "-- through the proxy, unsigned"
browse proxy "http://127.0.0.1:$page/?endpoint=http://127.0.0.1:$proxy"
check proxy "unsigned, through http://127.0.0.1:$proxy" "ready: 4 users in 2 pages" \
  '<tbody class="page" data-page="2">' "<td>admin@lablup.com</td>" "<td>user2@lablup.com</td>"

echo "-- signing in the page, creating a user"
signed="http://127.0.0.1:$page/?endpoint=http://127.0.0.1:$server&access_key=AKIAIOSFODNN7EXAMPLE&secret_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# The screenshot is a second load, without creating the user again.
browse signed "$signed&create=browser@lablup.com" "$signed"
check signed "signed in the page as AKIAIOSFODNN7EXAMPLE" "ready: 5 users in 3 pages" \
  "<td>browser@lablup.com</td>" "<td>browser</td>" '<tbody class="page" data-page="3">'
if [ $status -ne 0 ]; then
  for name in proxy signed; do echo "--- $name.html"; sed -n '/<body>/,/<\/body>/p' "$work/$name.html" | head -40; done >&2
fi
ls -l "$work"/*.png
exit $status
