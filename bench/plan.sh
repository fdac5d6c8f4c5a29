#!/usr/bin/env bash
# `plan` and `report` as whole processes, as ratios to `score` of the same input measured in the
# same run (paired: score and the command alternate, the ratio is taken per pair, the median
# reported), on the example (built-in set) and on generated sets of 1,000 and 10,000 questions
# (bench/gen.py, seeded; every third answer gets a planned action, so the roadmap is filled).
# Also the instructions (callgrind) and the size of the HTML report.
#
# Usage: bash bench/plan.sh [RUNS]   (default 11; needs python3 and valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
cargo build --release --quiet --bin cyberkompass
bin="${BIN:-$PWD/target/release/cyberkompass}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1764201600 LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1

with_actions() {
    python3 - "$1" <<'EOF'
import sys
p = sys.argv[1]
out, n = [], 0
for line in open(p, encoding="utf-8"):
    out.append(line)
    if line.startswith("    rating: ") and "n/a" not in line:
        n += 1
        if n % 3 == 0:
            out.append(f"    action:\n      owner: IT-Leitung\n      due: 2026-{1 + n % 12:02d}-15\n      status: open\n")
open(p, "w", encoding="utf-8").write("".join(out))
EOF
}
python3 bench/gen.py "$work/q1k" 10 100 >/dev/null
python3 bench/gen.py "$work/q10k" 100 100 >/dev/null
with_actions "$work/q1k/assessment.yaml"
with_actions "$work/q10k/assessment.yaml"

wall() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ins() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected :/ { print $4 }'
}

# measure NAME SETARGS FILE -- CMD ARGS…: one line with the command's median wall time, the
# median of its per-pair ratio to `score FILE`, and the instruction ratio.
measure() {
    local name=$1 file=$2; shift 2
    local set=()
    while [ "$1" != "--" ]; do set+=("$1"); shift; done
    shift
    : >"$work/pairs"
    for _ in $(seq "$runs"); do
        local f c
        f=$(wall "$bin" "${set[@]}" score "$file")
        c=$(wall "$bin" "${set[@]}" "$@" "$file")
        echo "$f $c" >>"$work/pairs"
    done
    local r fm cm si ci
    r=$(awk '{ print $2 / $1 }' "$work/pairs" | median)
    fm=$(awk '{ print $1 }' "$work/pairs" | median)
    cm=$(awk '{ print $2 }' "$work/pairs" | median)
    si=$(ins "$bin" "${set[@]}" score "$file")
    ci=$(ins "$bin" "${set[@]}" "$@" "$file")
    printf '%-10s %-20s %8.2f ms  %5.2f × score (%.2f ms)   ins %5.2f × score\n' \
        "$name" "$*" "$(awk -v c="$cm" 'BEGIN { print c / 1000 }')" "$r" \
        "$(awk -v f="$fm" 'BEGIN { print f / 1000 }')" "$(awk -v a="$ci" -v b="$si" 'BEGIN { print a / b }')"
}

echo "# input      command              median wall   ratio to score (median of $runs pairs)   instructions"
for input in example q1k q10k; do
    case $input in
        example) set=(); file="$PWD/examples/musterhausen.yaml" ;;
        *) set=(--checklists "$work/$input"); file="$work/$input/assessment.yaml" ;;
    esac
    for cmd in "plan --format csv" "plan --format json" "plan --format issues" \
        "report --format md" "report --format html" "report --format json"; do
        # shellcheck disable=SC2086
        measure "$input" "$file" "${set[@]}" -- $cmd
    done
    "$bin" "${set[@]}" report "$file" --format html -q -o "$work/r.html"
    printf '%-10s html size %d bytes\n' "$input" "$(wc -c <"$work/r.html")"
done
