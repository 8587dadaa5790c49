#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Re-align the continuation lines of calls whose name a rename lengthened.

    kernel/realign-calls.py OLD NEW FILE...

A call "NEW(a,\\n\\t\\t b)" renamed from "OLD(" had its next lines aligned
with the old open parenthesis; each such line (and only such a line) moves
right by the difference, written with tabs then spaces as the kernel's
style wants.  Lines aligned some other way are left alone.
"""
import os
import re
import sys


def width(text):
    """Display width of leading whitespace, tabs to 8."""
    col = 0
    for ch in text:
        if ch == "\t":
            col = col // 8 * 8 + 8
        elif ch == " ":
            col += 1
        else:
            break
    return col


def indent(col):
    return "\t" * (col // 8) + " " * (col % 8)


def realign(lines, new, delta):
    call = re.compile(r"\b%s\(" % re.escape(new))
    i = 0
    while i < len(lines):
        m = call.search(lines[i])
        if not m:
            i += 1
            continue
        paren = len(lines[i][:m.end() - 1].expandtabs(8))
        depth = lines[i][m.end() - 1:].count("(") - \
            lines[i][m.end() - 1:].count(")")
        j = i + 1
        while depth > 0 and j < len(lines):
            body = lines[j].lstrip(" \t")
            if width(lines[j]) == paren + 1 - delta:
                lines[j] = indent(paren + 1) + body
            depth += body.count("(") - body.count(")")
            j += 1
        i += 1


def main(old, new, files):
    delta = len(new) - len(old)
    for path in files:
        with open(path) as f:
            lines = f.read().split("\n")
        before = list(lines)
        realign(lines, new, delta)
        if lines != before:
            # A new file, not a write in place: PATH may be a hard link.
            with open(path + ".realign", "w") as f:
                f.write("\n".join(lines))
            os.replace(path + ".realign", path)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: realign-calls.py OLD NEW FILE...")
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
