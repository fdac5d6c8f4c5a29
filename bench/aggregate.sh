#!/bin/sh
# `cyberkompass aggregate` on generated assessment files of the built-in set (seeded, see
# src/testgen.rs): wall time, CPU time and peak memory (max RSS) for 400, 1,000 and 10,000
# files, against floors measured in the same run (bench/parse-floor.rs, one core each):
#   (a) serde-saphyr alone parsing the files into the same types (the floor used so far);
#   (b) granit-parser events alone, with serde-saphyr's parser options: the parser both
#       serde-saphyr and the fast reader (src/fastread.rs) use, i.e. "the same YAML library"
#       once the reader reads its events directly;
#   (b') the same without comment events (as the fast reader parses files with few `#`);
#   and the fast reader alone (no scoring, no threads), for information.
# Two kinds of ratio: wall ÷ (floor wall ÷ cores), both measured under the same load (paired);
# and CPU ÷ floor CPU, which is what the wall ratio becomes on idle cores if the work
# spreads evenly. Under load (other builds) trust the CPU ratios and callgrind.
# Usage: bench/aggregate.sh [RUNS] [DIR]   (needs GNU time at /usr/bin/time; DIR default: a
# temporary folder, ~120 MB for the generated files)
# Goals (docs/benchmarks.md): 400 files < 0.2 s; 10,000 files within 1.5 × (floor ÷ cores);
# < 100 MB peak whatever the number; 10,000 ≤ 12 × 1,000 (linear).
set -eu
cd "$(dirname "$0")/.."
runs="${1:-3}"
cargo build --release --quiet --bin cyberkompass
cargo build --release --quiet --features testing --example gen-assessments --example parse-floor
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/cyberkompass"
floor="$target/examples/parse-floor"
if [ -n "${2:-}" ]; then data="$2"; mkdir -p "$data"; else data="$(mktemp -d)"; trap 'rm -rf "$data"' EXIT; fi
cores=$(nproc)
for n in 400 1000 10000; do
    [ -d "$data/n$n" ] || "$target/examples/gen-assessments" "$n" 1 "$data/n$n"
done
# min of RUNS (by wall time): wall s, user+sys s, max RSS KiB
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
printf '%-34s %8s %8s %10s\n' what "wall s" "cpu s" "RSS KiB"
printf '%-34s %8s %8s %10s\n' "process start (--version)" $start
rm -f "$data/summary"
for n in 400 1000 10000; do
    size=$(du -s --apparent-size -B1M "$data/n$n" | cut -f1)
    serde=$(measure "$floor" "$data/n$n" serde)
    events=$(measure "$floor" "$data/n$n" events)
    quiet=$(measure "$floor" "$data/n$n" events-quiet)
    fast=$(measure "$floor" "$data/n$n" fast)
    agg=$(measure "$bin" -q aggregate "$data/n$n" --format json -o "$data/out.json")
    seg=$(measure "$bin" -q aggregate "$data/n$n" --group-by segment --format html -o "$data/out.html")
    printf '%-34s %8s %8s %10s\n' "(a) serde-saphyr, 1 core, n=$n" $serde "(b) parser events, 1 core, n=$n" $events \
        "(b') events, no comments, n=$n" $quiet \
        "fast reader alone, 1 core, n=$n" $fast "aggregate json, n=$n" $agg "aggregate html+segment, n=$n" $seg
    echo "$n $size $serde $events $quiet $agg" >>"$data/summary"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# summary fields: n MB | serde wall cpu rss | events wall cpu rss | quiet wall cpu rss | aggregate wall cpu rss
awk -v cores="$cores" '
    {
        n[NR] = $1; mb[NR] = $2; sw[NR] = $3; sc[NR] = $4; ew[NR] = $6; ec[NR] = $7; qw[NR] = $9; qc[NR] = $10
        aw[NR] = $12; ac[NR] = $13; rss[NR] = $14
    }
    END {
        for (i = 1; i <= NR; i++) {
            printf "n=%-6d %4d MB: aggregate %.3f s wall, %.3f s cpu, peak %.1f MB\n", n[i], mb[i], aw[i], ac[i], rss[i] / 1024
            printf "    wall / (floor wall / %d cores), same load: (a) %.2f x  (b) %.2f x  (b\x27) %.2f x  (goal <= 1.5)\n",
                cores, aw[i] / (sw[i] / cores), aw[i] / (ew[i] / cores), aw[i] / (qw[i] / cores)
            printf "    cpu / floor cpu (= the wall ratio on idle cores): (a) %.2f x  (b) %.2f x  (b\x27) %.2f x\n",
                ac[i] / sc[i], ac[i] / ec[i], ac[i] / qc[i]
        }
        printf "linearity 1,000 -> 10,000: wall x %.2f, cpu x %.2f (goal <= 12; 10 is linear)\n", aw[3] / aw[2], ac[3] / ac[2]
    }' "$data/summary"
rm -f "$data/summary"
