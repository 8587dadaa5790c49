#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail a KUnit run whose kernel log shows a splat no case asked for.

A case of drivers/dma-buf/st-dma-mapping-*.c that misuses the API on purpose
logs "EXPECT_WARN begin" and "EXPECT_WARN end" around the call; a WARNING
between the two is expected, as long as there is one.  Any other WARNING,
and any BUG, Oops, KASAN, UBSAN or lockdep report anywhere, fails the run.
"""
import re
import sys

SPLAT = re.compile(r"(WARNING: |BUG: |Oops|KASAN: |UBSAN: |"
                   r"possible circular locking|possible recursive locking|"
                   r"inconsistent lock state|suspicious RCU usage|"
                   r"ODEBUG: |kernel BUG at|general protection fault)")
WARNING = re.compile(r"WARNING: ")
BEGIN = re.compile(r"EXPECT_WARN begin")
END = re.compile(r"EXPECT_WARN end")


def main(path):
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as err:
        print(f"check-splats: cannot read the kernel log: {err}")
        return 1
    bad = []
    inside = None       # line number of the open EXPECT_WARN begin
    warned = False
    expected = 0
    for n, line in enumerate(lines, 1):
        if BEGIN.search(line):
            inside, warned = n, False
            continue
        if END.search(line):
            if inside is None:
                bad.append((n, "EXPECT_WARN end without begin"))
            elif not warned:
                bad.append((inside, "an EXPECT_WARN block logged no WARNING"))
            inside = None
            continue
        if not SPLAT.search(line):
            continue
        if inside is not None and WARNING.search(line) and not warned:
            warned = True
            expected += 1
            continue
        bad.append((n, line.strip()))
    if inside is not None:
        bad.append((inside, "EXPECT_WARN begin without end"))
    for n, what in bad:
        print(f"check-splats: {path}:{n}: {what}")
    print(f"check-splats: {expected} expected WARNINGs, "
          f"{len(bad)} unexpected splats")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test.log"))
