#!/usr/bin/env python3
"""Regenerate the reference-id index from the BSI's OSCAL catalogs.

Run by hand from the repository root (or anywhere), never from CI or tests:

    python3 data/reference-ids/derive.py [DATA_DIR]

DATA_DIR defaults to ../shared/data/grundschutz-plus-plus relative to the repository root.
It reads the Grundschutz++ Kernel and Methodik catalogs and the ISO/IEC 27001:2022 Annex A
catalog (OSCAL JSON, published by the BSI in BSI-Bund/Stand-der-Technik-Bibliothek under
CC BY-SA 4.0) and writes, next to this script:

  grundschutz-plus-plus.txt  every control id of both catalogs (nested controls included)
  iso27001-annex-a.txt       every Annex A control id, written as "A.5.1" …

Only the standard library is used.
"""

import json
import os
import sys

REPO = "BSI-Bund/Stand-der-Technik-Bibliothek"
COMMIT = "47de2824a341812438ef3f044b3f65ce2cad6e32"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def control_ids(node):
    """All control ids below an OSCAL catalog node (groups and nested controls)."""
    for group in node.get("groups", []):
        yield from control_ids(group)
    for control in node.get("controls", []):
        yield control["id"]
        yield from control_ids(control)


def sort_key(control_id):
    """Order ids naturally: ASST.1.10 after ASST.1.9, "5.10" after "5.9"."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in control_id.split(".")]


def header(what, files):
    lines = [
        f"# {what}",
        "# Source: Bundesamt für Sicherheit in der Informationstechnik (BSI),",
        f"# repository {REPO}, commit {COMMIT},",
        f"# files: {', '.join(files)}.",
        "# Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0).",
        "# Derived by data/reference-ids/derive.py: the ids of all controls (nested ones included),",
        "# one per line, in natural order. Do not edit by hand; rerun the script.",
    ]
    return "\n".join(lines) + "\n"


def load(data_dir, name):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return json.load(f)["catalog"]


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, ROOT)}")


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "..", "shared", "data", "grundschutz-plus-plus"
    )
    gs_files = [
        "BSI-Stand-der-Technik-Kernel-catalog.json",
        "BSI-Methodik-Grundschutz++-catalog.json",
    ]
    gs = set()
    for name in gs_files:
        gs.update(control_ids(load(data_dir, name)))
    iso_file = "ISO27001-AnnexA-catalog.json"
    iso = {"A." + i for i in control_ids(load(data_dir, iso_file))}

    write(
        os.path.join(HERE, "grundschutz-plus-plus.txt"),
        header("Grundschutz++ control ids (Kernel and Methodik catalogs)", gs_files)
        + "".join(i + "\n" for i in sorted(gs, key=sort_key)),
    )
    write(
        os.path.join(HERE, "iso27001-annex-a.txt"),
        header("ISO/IEC 27001:2022 Annex A control ids, as \"A.5.1\"", [iso_file])
        + "".join(i + "\n" for i in sorted(iso, key=sort_key)),
    )


if __name__ == "__main__":
    main()
