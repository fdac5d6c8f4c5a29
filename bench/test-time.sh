#!/usr/bin/env bash
# Warm `cargo test` (issue 9, item 6): HEAD against the old main 775845e ("today" in the issue,
# 166 tests), both measured in the same run. Builds the tests of both first (the old main in its
# own git worktree with its own target/, the first time ~7 min), then alternates warm
# `cargo test` runs, N of each, the order swapped every round, and prints the medians of wall
# and CPU time (user + system of cargo and everything it waits for) and the ratio HEAD / old.
# The goal of the issue: wall ratio ≤ 0.5. CPU time depends less on other load than wall time.
#
# usage: bash bench/test-time.sh [N]          (N runs of each, default 5)
#   OLD_DIR  worktree of the old main (default: ../oldmain beside this worktree; created with
#            `git worktree add --detach` when missing, kept for the next run; remove it with
#            `git worktree remove --force DIR`)
#   OLD_REV  the old commit (default 775845e)
set -euo pipefail
cd "$(dirname "$0")/.."
new=$(pwd)
n=${1:-5}
old_rev=${OLD_REV:-775845e}
old=${OLD_DIR:-$(dirname "$new")/oldmain}

if [ ! -d "$old" ]; then
  git worktree add --detach "$old" "$old_rev"
fi
if [ "$(git -C "$old" rev-parse HEAD)" != "$(git rev-parse "$old_rev^{commit}")" ]; then
  echo "$old is not at $old_rev" >&2
  exit 2
fi

echo "building the tests of $old_rev ($old) and of HEAD $(git rev-parse --short HEAD) ($new)" >&2
(cd "$old" && cargo test --no-run -q 2>/dev/null)
cargo test --no-run -q 2>/dev/null

# One run of `cargo test` in $1: prints "wall cpu" in seconds; fails when the tests fail.
one() {
  local t
  t=$(mktemp)
  if ! (cd "$1" && /usr/bin/time -f "%e %U %S" -o "$t" cargo test -q >/dev/null 2>&1); then
    echo "cargo test failed in $1; run it there to see why" >&2
    rm -f "$t"
    exit 1
  fi
  tail -1 "$t" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
  rm -f "$t"
}

# The floor of both: cargo's own warm check that nothing needs building (no test runs).
floor() {
  local t
  t=$(mktemp)
  (cd "$1" && /usr/bin/time -f "%e %U %S" -o "$t" cargo test --no-run -q >/dev/null 2>&1)
  tail -1 "$t" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
  rm -f "$t"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# Warm-up (file cache, and a check that both pass), not counted.
one "$old" >/dev/null
one "$new" >/dev/null

o_runs=$(mktemp)
n_runs=$(mktemp)
f_runs=$(mktemp)
trap 'rm -f "$o_runs" "$n_runs" "$f_runs"' EXIT
for i in $(seq 1 "$n"); do
  if [ $((i % 2)) = 1 ]; then
    one "$old" >>"$o_runs"
    one "$new" >>"$n_runs"
  else
    one "$new" >>"$n_runs"
    one "$old" >>"$o_runs"
  fi
  floor "$new" >>"$f_runs"
  echo "round $i/$n: old $(tail -1 "$o_runs"), HEAD $(tail -1 "$n_runs") (wall cpu, s)" >&2
done

# Median of column $2 of file $1.
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ow=$(median "$o_runs" 1)
oc=$(median "$o_runs" 2)
nw=$(median "$n_runs" 1)
nc=$(median "$n_runs" 2)
fw=$(median "$f_runs" 1)
fc=$(median "$f_runs" 2)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "warm cargo test, median of $n alternating runs (load average at the start: $load_start, at the end: $load)"
printf "%-28s %8s %8s\n" "" "wall s" "CPU s"
printf "%-28s %8s %8s\n" "old main $old_rev" "$ow" "$oc"
printf "%-28s %8s %8s\n" "HEAD $(git rev-parse --short HEAD)" "$nw" "$nc"
printf "%-28s %8s %8s\n" "floor: cargo test --no-run" "$fw" "$fc"
awk -v ow="$ow" -v oc="$oc" -v nw="$nw" -v nc="$nc" 'BEGIN {
  printf "ratio HEAD / old main:       %8.2f %8.2f   (goal: wall <= 0.50)\n", nw / ow, nc / oc }'
