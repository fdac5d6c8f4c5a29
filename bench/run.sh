#!/usr/bin/env bash
# The speed goals of issue 17, each as one line with its ratio to a floor measured in the same run:
# instructions (callgrind; load does not change them) and wall time (median of paired runs: the
# floor and the command alternate, the ratio is taken per pair; bench/floor/pair.rs times them).
# Floors: a Rust hello-world (bench/floor/hello.rs) and serde-saphyr alone parsing the same files
# into the same types on one core (bench/floor/parse.rs). Inputs come from the seeded generator
# bench/gen.py.
#
# Usage: bash bench/run.sh [RUNS]          (RUNS of each small command, default 21)
#   BIN=/path/to/cyberkompass bash bench/run.sh   measures another build of the binary
#   QUICK=1 skips the 1,000-file corpus (about 115 MB, the slowest part)
# Needs valgrind (callgrind), python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
cargo build --release --quiet --bin cyberkompass --example floor-hello --example floor-parse --example floor-pair
bin="${BIN:-$PWD/target/release/cyberkompass}"
hello="$PWD/target/release/examples/floor-hello"
parse="$PWD/target/release/examples/floor-parse"
pair="$PWD/target/release/examples/floor-pair"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Both measured binaries run from fresh copies, as an installed binary does (`cargo install`, a
# package): the file the linker writes in target/ can lie in more pieces on disk and fault in
# more pages at start (2 extents and ~20 more page faults measured for cyberkompass; explain
# 3.24–3.39 × hello from it against 2.94–3.01 × from a copy, same run). The same holds for the
# hello-world, so the ratio compares like with like.
cp "$bin" "$work/cyberkompass"
cp "$hello" "$work/floor-hello"
bin="$work/cyberkompass"
hello="$work/floor-hello"
python3 bench/gen.py "$work/q1k" 10 100
python3 bench/gen.py "$work/q10k" 100 100
python3 bench/gen.py "$work/c50" 50 100
[ -n "${QUICK:-}" ] || python3 bench/gen.py "$work/corpus" 1000 100
example="$PWD/examples/musterhausen.yaml"
export SOURCE_DATE_EPOCH=1764201600 LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1

# Instructions of one process (all threads), from callgrind's summary.
ins() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected :/ { print $4 }'
}
# Peak resident memory of one process, KiB.
rss() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true; cat "$work/rss"; }

# paired N FLOOR… -- CMD…: median over N pairs of (CMD wall / FLOOR wall), and the medians in
# microseconds. bench/floor/pair.rs spawns the two alternately and times each around spawn and
# wait, so no shell or `date` fork sits in the measured time (that added about 1 ms to both and
# flattened the ratios).
paired() { "$pair" "$@"; }

line() { printf '%-44s %s\n' "$1" "$2"; }

hello_ins=$(ins "$hello")
parse50_ins=$(ins "$parse" "$work"/c50/field-*.yaml)
echo "# floors: hello-world $hello_ins instructions; serde-saphyr on 50 field files $parse50_ins instructions"
echo "# goal | measure | instructions ratio | wall ratio (median of $runs pairs; floor / command ms)"

# Goal 1: everyday commands on the built-in set and the example, against hello-world.
goal1() {
    local name=$1 limit=$2; shift 2
    local i r fm cm
    i=$(ins "$bin" "$@")
    read -r r fm cm < <(paired "$runs" "$hello" -- "$bin" "$@")
    line "1 $name (≤ $limit × hello)" "$(awk -v i="$i" -v h="$hello_ins" -v r="$r" -v f="$fm" -v c="$cm" \
        'BEGIN { printf "ins %7.1f ×   wall %5.2f ×   (%.2f / %.2f ms)", i / h, r, f / 1000, c / 1000 }')"
}
goal1 "validate (built-in set)" 3 validate
goal1 "list (built-in set)" 3 list
goal1 "score (example)" 3 score "$example"
goal1 "explain (example)" 3 explain "$example"
goal1 "report md (example)" 4 report "$example" --format md
goal1 "report json (example)" 4 report "$example" --format json
goal1 "report html (example)" 5 report "$example" --format html

# Goal 2: validate of many files, against serde-saphyr alone on one core.
v50_ins=$(ins "$bin" validate --checklists "$work/c50")
line "2 validate 50 files: instructions" "$(awk -v a="$v50_ins" -v b="$parse50_ins" \
    'BEGIN { printf "ins %7.2f × serde-saphyr alone", a / b }')"
if [ -z "${QUICK:-}" ]; then
    big_runs=$(((runs + 6) / 7))
    read -r r fm cm < <(paired "$big_runs" "$parse" "$work"/corpus/set.yaml "$work"/corpus/field-*.yaml \
        -- "$bin" --checklists "$work/corpus" validate)
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$bin" --checklists "$work/corpus" validate >/dev/null 2>&1 || true
    read -r e u s m <"$work/t"
    line "2 validate 1,000 files (≤ 1.0 × saphyr)" "$(awk -v r="$r" -v f="$fm" -v c="$cm" -v e="$e" -v u="$u" -v s="$s" -v m="$m" \
        'BEGIN { printf "wall %5.2f ×   (%.2f / %.2f s)   cores used %.2f   peak %d MB (< 150)", r, f / 1e6, c / 1e6, (u + s) / (e > 0 ? e : 1), m / 1024 }')"
fi

# Goal 3: linear growth, 1k → 10k questions (≤ 11 × instructions, ≤ 10 × memory).
goal3() {
    local name=$1; shift
    local i1 i10 m1 m10
    i1=$(ins "$bin" --checklists "$work/q1k" "$@" "$work/q1k/assessment.yaml")
    i10=$(ins "$bin" --checklists "$work/q10k" "$@" "$work/q10k/assessment.yaml")
    m1=$(rss "$bin" --checklists "$work/q1k" "$@" "$work/q1k/assessment.yaml")
    m10=$(rss "$bin" --checklists "$work/q10k" "$@" "$work/q10k/assessment.yaml")
    line "3 $name 10k / 1k questions" "$(awk -v a="$i10" -v b="$i1" -v c="$m10" -v d="$m1" \
        'BEGIN { printf "ins %7.2f × (≤ 11)   memory %5.2f × (≤ 10)   (%d → %d MB)", a / b, c / d, d / 1024, c / 1024 }')"
}
goal3 score score
goal3 "report md" report --format md
goal3 "report html" report --format html
goal3 "report json" report --format json
