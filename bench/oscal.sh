#!/bin/sh
# Wall time (including process start), peak memory and instructions of `import oscal` of the
# Grundschutz++ Kernel catalog (901 controls) and `export oscal` of the example assessment, as
# ratios to `validate` of the built-in set measured in the same run (the floor).
# Usage: bench/oscal.sh [KERNEL.json] [RUNS]
#   KERNEL.json defaults to ../shared/data/grundschutz-plus-plus/BSI-Stand-der-Technik-Kernel-catalog.json
#   (BSI, CC BY-SA 4.0; not in the repository). Needs GNU time at /usr/bin/time; valgrind optional.
set -eu
cd "$(dirname "$0")/.."
kernel="${1:-../shared/data/grundschutz-plus-plus/BSI-Stand-der-Technik-Kernel-catalog.json}"
runs="${2:-10}"
if [ ! -f "$kernel" ]; then
    echo "bench/oscal.sh: $kernel not found; give the Kernel catalog's path as the first argument" >&2
    exit 2
fi
cargo build --release --quiet
bin="$PWD/${CARGO_TARGET_DIR:-target}/release/cyberkompass"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

measure() { # name, command…
    name="$1"; shift
    : >"$tmp/times"
    for _ in $(seq "$runs"); do
        rm -rf "$tmp/out"
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$tmp/t" "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000 )) $(cat "$tmp/t")" >>"$tmp/times"
    done
    rm -rf "$tmp/out"
    ins=-
    if command -v valgrind >/dev/null 2>&1; then
        valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" >/dev/null 2>"$tmp/vg" || true
        ins=$(grep -o 'refs: *[0-9,]*' "$tmp/vg" | tr -dc 0-9)
        rm -rf "$tmp/out"
    fi
    sort -n "$tmp/times" | awk -v name="$name" -v ins="$ins" '
        { t[NR] = $1 / 1000; if ($2 > rss) rss = $2 }
        END { printf "%s %.1f %d %s\n", name, t[int((NR + 1) / 2)], rss, ins }' >>"$tmp/results"
}

: >"$tmp/results"
measure validate "$bin" validate --format json
measure import-kernel "$bin" -q import oscal "$kernel" -o "$tmp/out" --sec-level all
measure export-example "$bin" -q export oscal examples/musterhausen.yaml -o "$tmp/out"
"$bin" -q import oscal "$kernel" -o "$tmp/kernel" --sec-level all
measure validate-kernel "$bin" --checklists "$tmp/kernel" validate --format json

printf '%-16s %12s %8s %12s %8s %16s %8s\n' command "median ms" ratio "max RSS KiB" ratio instructions ratio
awk 'NR == 1 { t0 = $2; m0 = $3; i0 = $4 }
     { ri = ($4 == "-" || i0 == "-") ? "-" : sprintf("%.1f", $4 / i0)
       printf "%-16s %12.1f %8.1f %12d %8.1f %16s %8s\n", $1, $2, $2 / t0, $3, $3 / m0, $4, ri }' "$tmp/results"
