#!/usr/bin/env python3
"""Seeded generator of a checklist set and assessment files for benchmarks (compare,
aggregate, score). Same seed, same files, byte for byte.

Usage:
  bench/gen/assessments.py set DIR FIELDS PER_FIELD
  bench/gen/assessments.py files SETDIR OUTDIR COUNT SEED SET_SHA256

`set` writes DIR/set.yaml and one field file per field (question ids F<letters>-NNN; at most
999 questions per field). `files` writes COUNT assessment files a-0001.yaml … against the set
in SETDIR, each dated one month after the previous one, with ratings drawn from a random
generator seeded with SEED: about 5 % open, 3 % n/a (with a justification), the rest 0–5, a
note on every tenth answer and an action on every twentieth.
"""
import os
import random
import sys


def prefix(f):
    """Field f → 'FA', 'FB', … 'FZ', 'FAA', … (2–5 capital letters)."""
    letters = ""
    n = f
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            break
    return "F" + letters


def write_set(d, fields, per_field):
    if per_field > 999:
        sys.exit("at most 999 questions per field")
    os.makedirs(d, exist_ok=True)
    scale = "".join(
        f"  - level: {l}\n    name: {{ de: Stufe {l}, en: Level {l} }}\n"
        f"    description: {{ de: Beschreibung {l}., en: Description {l}. }}\n"
        for l in range(6)
    )
    names = [f"f{f:03d}.yaml" for f in range(fields)]
    with open(os.path.join(d, "set.yaml"), "w") as o:
        o.write(
            "# yaml-language-server: $schema=../../schema/set.schema.json\n"
            "format: 1\nid: bench-set\nversion: \"1\"\n"
            "title: { de: Messset, en: Benchmark set }\nlanguages: [de, en]\nthreshold: 0.8\n"
            f"scale:\n{scale}"
            "profiles:\n  - id: standard\n    title: { de: Standard, en: Standard }\n    target: 3\n"
            "fields:\n" + "".join(f"  - {n}\n" for n in names)
        )
    for f, n in enumerate(names):
        p = prefix(f)
        with open(os.path.join(d, n), "w") as o:
            o.write(
                "# yaml-language-server: $schema=../../schema/field.schema.json\n"
                f"id: field-{f:03d}\nnumber: {f + 1}\n"
                f"title: {{ de: Handlungsfeld {f + 1}, en: Field {f + 1} }}\n"
                "description: { de: Ein Handlungsfeld zum Messen., en: A field for benchmarks. }\n"
                f"weight: {1 + f % 3}\nquestions:\n"
            )
            for q in range(per_field):
                crit = "    critical: true\n" if q % 7 == 0 else ""
                o.write(
                    f"  - id: {p}-{q + 1:03d}\n"
                    "    text: { de: Wird die Maßnahme umgesetzt?, en: Is the measure implemented? }\n"
                    "    help: { de: Sehen Sie nach., en: Have a look. }\n"
                    "    anchors:\n"
                    "      1: { de: Geplant., en: Planned. }\n"
                    "      3: { de: Umgesetzt., en: Implemented. }\n"
                    "      5: { de: Verbessert., en: Improved. }\n"
                    "    recommendation: { de: Setzen Sie die Maßnahme um., en: Implement the measure. }\n"
                    f"    weight: {1 + q % 5}\n{crit}"
                )


def question_ids(setdir):
    ids = []
    for n in sorted(os.listdir(setdir)):
        if n == "set.yaml" or not n.endswith(".yaml"):
            continue
        for line in open(os.path.join(setdir, n)):
            if line.startswith("  - id: "):
                ids.append(line[8:].strip())
    return ids


def write_files(setdir, out, count, seed, sha):
    rng = random.Random(seed)
    ids = question_ids(setdir)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        year, month = 2020 + i // 12, 1 + i % 12
        lines = [
            "format: 1\nset:\n  id: bench-set\n  version: \"1\"\n",
            f"  sha256: {sha}\n",
            "organisation: Messgemeinde\nprofile: standard\n",
            f"created: {year}-{month:02d}-01\nupdated: {year}-{month:02d}-15\nanswers:\n",
        ]
        for n, q in enumerate(ids):
            x = rng.random()
            if x < 0.05:
                continue
            if x < 0.08:
                lines.append(f"  - id: {q}\n    rating: n/a\n    justification: Trifft nicht zu.\n")
                continue
            lines.append(f"  - id: {q}\n    rating: {rng.randint(0, 5)}\n")
            if n % 10 == 0:
                lines.append(f"    note: 'Anmerkung {n} | Stand {year}'\n")
            if n % 20 == 0:
                status = rng.choice(["open", "in-progress", "done"])
                lines.append(f"    action:\n      owner: IT\n      status: {status}\n")
        with open(os.path.join(out, f"a-{i + 1:04d}.yaml"), "w") as o:
            o.write("".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "set":
        write_set(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 7 and sys.argv[1] == "files":
        write_files(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    else:
        sys.exit(__doc__)
