#!/usr/bin/env bash
# One or more builds of the CLI, interleaved, on the
# inputs scripts/bench-anchor.sh sets up under target/anchor (run it once
# first, for the cases named).
#
#   scripts/bench-cli.sh ROUNDS BIN...
#     BIN     a path to an admin-codegen binary, or ENV=VALUE@PATH to run it
#             with one environment variable set (an allocator option, say)
#   CASES="synthetic-5000:server github-2019:types ..." picks the cases
#     (CASE:KIND, KIND one of types, server, client, typescript; default:
#     every kind of synthetic-5000, and server for default, bai-24.09 and
#     github-2019)
#
# Each round runs every binary once per case, in turn; the outputs are left
# in place, so unchanged files are compared, not written (the types and
# server kinds of one case share an output directory, so their mod.rs is
# rewritten each time). Prints the median,
# min and max wall time (around the process) and the median peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="$1"
shift
work="${CARGO_TARGET_DIR:-$(pwd)/target}/anchor"
cases="${CASES:-default:server bai-24.09:server github-2019:server synthetic-5000:types synthetic-5000:server synthetic-5000:client synthetic-5000:typescript}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for c in $cases; do
  dir="$work/${c%%:*}"
  kind="${c##*:}"
  [ -f "$dir/ours-server.toml" ] || { echo "no $dir/ours-server.toml: run scripts/bench-anchor.sh ${c%%:*} first" >&2; exit 2; }
  [ "$kind" = types ] && sed 's/"types", "server"/"types"/' "$dir/ours-server.toml" > "$dir/ours-types.toml"
  [ -f "$dir/ours-$kind.toml" ] || { echo "no $kind run for ${c%%:*}" >&2; exit 2; }
  for i in $(seq "$rounds"); do
    n=0
    for b in "$@"; do
      n=$((n + 1))
      envs=()
      bin="$b"
      if [[ "$b" == *@* ]]; then envs=("${b%%@*}"); bin="${b##*@}"; fi
      bin="$(realpath "$bin")"
      s=$(date +%s%N)
      (cd "$dir" && env "${envs[@]}" /usr/bin/time -f "%M" -o "$scratch/rss" "$bin" generate --config "ours-$kind.toml" >/dev/null 2>"$scratch/err") ||
        { echo "$b failed on $c:" >&2; cat "$scratch/err" >&2; exit 1; }
      e=$(date +%s%N)
      echo "$(( (e - s) / 1000 )) $(tail -1 "$scratch/rss")" >> "$scratch/$n"
    done
  done
  n=0
  for b in "$@"; do
    n=$((n + 1))
    sort -n "$scratch/$n" | awk -v c="${c%%:*}" -v k="$kind" -v b="$b" '{t[NR]=$1; m[NR]=$2} END {
      printf "%-15s %-10s %-40s median %6.1f ms  min %6.1f  max %6.1f  %3d MiB\n", c, k, b,
        t[int((NR+1)/2)]/1000, t[1]/1000, t[NR]/1000, m[int((NR+1)/2)]/1024 }'
    rm "$scratch/$n"
  done
done
