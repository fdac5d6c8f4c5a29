#!/bin/sh
# Wall time (including process start) and peak memory (max RSS) of `cyberkompass report` on the example assessment, per format.
# Usage: bench/report.sh [RUNS]   (builds the release binary first; needs GNU time at /usr/bin/time)
set -eu
cd "$(dirname "$0")/.."
runs="${1:-10}"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/cyberkompass"
input=examples/musterhausen.yaml
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-6s %6s %12s %12s %12s %14s %10s\n' format runs "min ms" "median ms" "max ms" "max RSS KiB" "bytes"
for fmt in md html json; do
    : >"$out/times"
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$out/t" "$bin" -q report "$input" --format "$fmt" -o "$out/r.$fmt"
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000 )) $(cat "$out/t")" >>"$out/times"
    done
    size=$(wc -c <"$out/r.$fmt")
    sort -n "$out/times" | awk -v f="$fmt" -v n="$runs" -v size="$size" '
        { t[NR] = $1 / 1000; if ($2 > rss) rss = $2 }
        END { printf "%-6s %6d %12.1f %12.1f %12.1f %14d %10d\n", f, n, t[1], t[int((n + 1) / 2)], t[n], rss, size }'
done
