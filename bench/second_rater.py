#!/usr/bin/env python3
"""Seeded second rating of a generated assessment (for bench/agree.sh): reads an assessment
written by bench/gen.py and writes the same answers with each rating moved by -2..+2 (clipped
to 0-5; n/a stays n/a). Same seed, same bytes.

Usage: python3 bench/second_rater.py IN.yaml OUT.yaml [SEED]
"""
import random
import re
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 18)
    out = []
    with open(src) as fh:
        for line in fh:
            m = re.match(r"^    rating: (\d)$", line.rstrip("\n"))
            if m:
                r = min(5, max(0, int(m.group(1)) + rng.choice([-2, -1, 0, 0, 0, 1, 2])))
                line = f"    rating: {r}\n"
            elif line.startswith("organisation: "):
                line = "organisation: Benchmark\nassessor: Prüfung\n"
            out.append(line)
    with open(dst, "w") as fh:
        fh.write("".join(out))


if __name__ == "__main__":
    main()
