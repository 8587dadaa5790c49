#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Keep the compiler and sparse warnings that the series brings.

    kernel/new-warnings.py PRISTINE TREE LOG

LOG is the output of building, in TREE (pristine Linux 7.3 with the
series), the objects the series touches.  A warning on a line the series
added or changed is the series' and is printed; a warning on a line that
7.3 already had (amdgpu, say, has sparse warnings of its own) is only
counted.  Errors are always printed.  Exits 1 when anything was printed.
"""
import difflib
import os
import re
import sys

DIAG = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?:\d+:)? "
                  r"(?P<kind>warning|error): ")


def added_lines(pristine, tree, rel):
    """Line numbers, in TREE's file, that the series added or changed."""
    try:
        with open(os.path.join(tree, rel), errors="replace") as f:
            new = f.read().split("\n")
    except OSError:
        return None
    try:
        with open(os.path.join(pristine, rel), errors="replace") as f:
            old = f.read().split("\n")
    except OSError:
        return set(range(1, len(new) + 1))
    lines = set()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            lines.update(range(j1 + 1, j2 + 1))
    return lines


def main(pristine, tree, log):
    tree = os.path.realpath(tree)
    cache = {}
    shown = old = 0
    with open(log, errors="replace") as f:
        for text in f:
            m = DIAG.match(text)
            if not m:
                continue
            path = os.path.realpath(m["path"])
            rel = os.path.relpath(path, tree)
            if m["kind"] == "warning" and not rel.startswith(".."):
                if rel not in cache:
                    cache[rel] = added_lines(pristine, tree, rel)
                if cache[rel] is not None and \
                        int(m["line"]) not in cache[rel]:
                    old += 1
                    continue
            print(text.rstrip())
            shown += 1
    print(f"new-warnings: {shown} from the series, "
          f"{old} on lines 7.3 already had")
    return 1 if shown else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: new-warnings.py PRISTINE TREE LOG")
    sys.exit(main(*sys.argv[1:]))
