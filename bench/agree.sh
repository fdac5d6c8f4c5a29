#!/usr/bin/env bash
# `agree` of two 10,000-question assessments as a ratio to one `score` of one of them, measured in
# the same run (issue 18); a Rust hello-world (bench/floor/hello.rs) as the floor of a process.
# Instructions (callgrind, whole process) and wall time (median of RUNS paired runs: score and
# agree alternate, the ratio is taken per pair). Inputs: bench/gen.py (100 fields x 100
# questions, seed 17) and bench/second_rater.py (the same answers moved by -2..+2, seed 18).
#
# Usage: bash bench/agree.sh [RUNS]   (default 11). Needs valgrind, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
cargo build --release --quiet --bin cyberkompass --example floor-hello
bin="${BIN:-$PWD/target/release/cyberkompass}"
hello="$PWD/target/release/examples/floor-hello"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py "$work/q10k" 100 100
python3 bench/second_rater.py "$work/q10k/assessment.yaml" "$work/q10k/audit.yaml"
export SOURCE_DATE_EPOCH=1764201600 LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1
export CYBERKOMPASS_CHECKLISTS="$work/q10k"
a="$work/q10k/assessment.yaml"
b="$work/q10k/audit.yaml"

ins() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected :/ { print $4 }'
}
wall() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Sanity: both commands succeed on these inputs.
"$bin" score "$a" >/dev/null
"$bin" agree "$a" "$b" --format json >/dev/null

ih=$(ins "$hello")
is=$(ins "$bin" score "$a")
ia=$(ins "$bin" agree "$a" "$b")
iaj=$(ins "$bin" agree "$a" "$b" --format json)
echo "instructions: hello $ih · score $is · agree (text) $ia · agree (json) $iaj"
awk -v s="$is" -v a="$ia" -v j="$iaj" -v h="$ih" 'BEGIN {
    printf "ratio agree/score: text %.2f, json %.2f; score/hello %.0f\n", a / s, j / s, s / h }'

: >"$work/pairs"
for _ in $(seq "$runs"); do
    h=$(wall "$hello")
    s=$(wall "$bin" score "$a")
    g=$(wall "$bin" agree "$a" "$b")
    echo "$h $s $g" >>"$work/pairs"
done
echo "wall (median of $runs, µs): hello $(awk '{print $1}' "$work/pairs" | median) · score $(awk '{print $2}' "$work/pairs" | median) · agree $(awk '{print $3}' "$work/pairs" | median)"
echo "wall ratio agree/score (median of per-pair ratios): $(awk '{ print $3 / $2 }' "$work/pairs" | median)"
