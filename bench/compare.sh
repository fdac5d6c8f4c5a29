#!/bin/sh
# Wall time (whole processes, median of RUNS) of `compare` as a ratio to one `score` of the same
# files, measured in the same run; floor: `cyberkompass --version` (process start alone).
#   2 files × 2,500 / 5,000 / 10,000 questions (linear growth in questions),
#   10 / 25 / 50 files × 100 questions (linear growth in files).
# Files come from the seeded generator bench/gen/assessments.py (same seed, same files).
# Usage: bench/compare.sh [RUNS]   (builds the release binary first)
set -eu
cd "$(dirname "$0")/.."
runs="${1:-7}"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/cyberkompass"
gen=bench/gen/assessments.py
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# median wall time in ms of a command, run $runs times
median() {
    : >"$tmp/times"
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        echo $(( (end - start) / 1000 )) >>"$tmp/times"
    done
    sort -n "$tmp/times" | awk -v n="$runs" '{ t[NR] = $1 / 1000 } END { printf "%.1f", t[int((n + 1) / 2)] }'
}

make() { # name fields per_field count
    python3 "$gen" set "$tmp/$1/set" "$2" "$3"
    sha=$("$bin" --checklists "$tmp/$1/set" -v list 2>&1 >/dev/null | grep -o '[0-9a-f]\{64\}')
    python3 "$gen" files "$tmp/$1/set" "$tmp/$1/files" "$4" 42 "$sha"
}

floor=$(median "$bin" --version)
printf 'floor (cyberkompass --version): %s ms\n\n' "$floor"
printf '%-34s %10s %10s %10s %14s\n' case "score ms" "compare ms" "× score" "compare json ms"
for q in 2500 5000 10000; do
    make "q$q" 20 $((q / 20)) 2
    set -- "$tmp/q$q/files/a-0001.yaml" "$tmp/q$q/files/a-0002.yaml"
    s=$(median "$bin" --checklists "$tmp/q$q/set" score "$1")
    c=$(median "$bin" --checklists "$tmp/q$q/set" compare "$1" "$2")
    j=$(median "$bin" --checklists "$tmp/q$q/set" compare "$1" "$2" --format json)
    printf '%-34s %10s %10s %10s %14s\n' "2 files × $q questions" "$s" "$c" \
        "$(echo "$c $s" | awk '{ printf "%.2f", $1 / $2 }')" "$j"
done
make f100 4 25 50
for n in 10 25 50; do
    files=$(ls "$tmp/f100/files"/*.yaml | head -n "$n")
    s=$(median "$bin" --checklists "$tmp/f100/set" score "$tmp/f100/files/a-0001.yaml")
    # shellcheck disable=SC2086
    c=$(median "$bin" --checklists "$tmp/f100/set" compare $files)
    # shellcheck disable=SC2086
    j=$(median "$bin" --checklists "$tmp/f100/set" compare $files --format json)
    printf '%-34s %10s %10s %10s %14s\n' "$n files × 100 questions" "$s" "$c" \
        "$(echo "$c $s" | awk '{ printf "%.2f", $1 / $2 }')" "$j"
done
