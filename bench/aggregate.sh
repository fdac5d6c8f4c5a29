#!/bin/sh
# `cyberkompass aggregate` on generated assessment files of the built-in set (seeded, see
# src/testgen.rs): wall time, CPU time and peak memory (max RSS) for 400, 1,000 and 10,000
# files, against floors measured in the same run: process start (`cyberkompass --version`)
# and parsing the same files alone with serde-saphyr on one core (bench/parse-floor.rs).
# Usage: bench/aggregate.sh [RUNS] [DIR]   (needs GNU time at /usr/bin/time; DIR default: a
# temporary folder, ~120 MB for the generated files)
# Goals (docs/benchmarks.md): 400 files < 0.2 s; 10,000 files within 1.5 × (floor ÷ cores);
# < 100 MB peak whatever the number; 10,000 ≤ 12 × 1,000 (linear).
set -eu
cd "$(dirname "$0")/.."
runs="${1:-3}"
cargo build --release --quiet
cargo build --release --quiet --features testing --example gen-assessments --example parse-floor
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/cyberkompass"
if [ -n "${2:-}" ]; then data="$2"; mkdir -p "$data"; else data="$(mktemp -d)"; trap 'rm -rf "$data"' EXIT; fi
cores=$(nproc)
for n in 400 1000 10000; do
    [ -d "$data/n$n" ] || "$target/examples/gen-assessments" "$n" 1 "$data/n$n"
done
# min of RUNS: wall s, user+sys s, max RSS KiB
measure() {
    best=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %U %S %M' -o "$data/t" "$@" >/dev/null 2>&1
        line=$(awk '{ printf "%.3f %.3f %d", $1, $2 + $3, $4 }' "$data/t")
        if [ -z "$best" ] || [ "$(echo "$line" | awk '{print $1 * 1000}' | cut -d. -f1)" -lt "$(echo "$best" | awk '{print $1 * 1000}' | cut -d. -f1)" ]; then
            best="$line"
        fi
    done
    echo "$best"
}
echo "cores: $cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(measure "$bin" --version)
printf '%-28s %8s %8s %10s\n' what "wall s" "cpu s" "RSS KiB"
printf '%-28s %8s %8s %10s\n' "process start (--version)" $start
for n in 400 1000 10000; do
    size=$(du -s --apparent-size -B1M "$data/n$n" | cut -f1)
    floor=$(measure "$target/examples/parse-floor" "$data/n$n")
    agg=$(measure "$bin" -q aggregate "$data/n$n" --format json -o "$data/out.json")
    seg=$(measure "$bin" -q aggregate "$data/n$n" --group-by segment --format html -o "$data/out.html")
    printf '%-28s %8s %8s %10s\n' "parse alone, 1 core, n=$n" $floor "aggregate json, n=$n" $agg "aggregate html+segment n=$n" $seg
    echo "$n $size $floor $agg" >>"$data/summary"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v cores="$cores" '
    { n[NR] = $1; mb[NR] = $2; fw[NR] = $3; fc[NR] = $4; aw[NR] = $6; ac[NR] = $7; rss[NR] = $8 }
    END {
        for (i = 1; i <= NR; i++)
            printf "n=%-6d %4d MB: aggregate %.3f s wall = %.2f x (floor wall / cores); cpu %.3f s = %.2f x floor cpu (=> %.2f x floor/cores on %d idle cores); peak %.1f MB\n",
                n[i], mb[i], aw[i], aw[i] / (fw[i] / cores), ac[i], ac[i] / fc[i], ac[i] / fc[i], cores, rss[i] / 1024
        printf "linearity 1,000 -> 10,000: wall x %.2f, cpu x %.2f (goal <= 12; 10 is linear)\n", aw[3] / aw[2], ac[3] / ac[2]
    }' "$data/summary"
rm -f "$data/summary"
