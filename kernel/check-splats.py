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

# A splat's first line starts the log line (after the timestamp and any
# KTAP indentation): "Speculative Return Stack Overflow: WARNING: ..." at
# boot under -cpu EPYC is a mitigation notice, not a splat.
LEAD = r"^\s*(?:\[\s*\d+\.\d+\]\s*)?(?:\[\s*[CT]\d+\]\s*)?"
SPLAT = re.compile(LEAD + r"(WARNING: |BUG: |Oops|KASAN: |UBSAN: |ODEBUG: |"
                   r"kernel BUG at|general protection fault)")
WARNING = re.compile(LEAD + r"WARNING: ")
BEGIN = re.compile(r"EXPECT_WARN begin")
END = re.compile(r"EXPECT_WARN end")


SELF_TEST = [
    ("[    1.000000] Speculative Return Stack Overflow: WARNING: See "
     "https://kernel.org/doc/html/latest/admin-guide/hw-vuln/srso.html", False),
    ("[    2.000000] WARNING: drivers/dma-buf/x.c:1 at f+0x1/0x2, "
     "CPU#0: kunit_try_catch/42", True),
    ("[    2.000000] WARNING: CPU: 0 PID: 1 at lib/x.c:1 f+0x1/0x2", True),
    ("    # test_x: pass:1 fail:0 skip:0 total:1", False),
    ("[    3.000000] BUG: KASAN: stack-out-of-bounds in "
     "calc_map_type_and_dist+0x1/0x2", True),
    ("[    3.000000] WARNING: possible circular locking dependency detected",
     True),
    ("[    4.000000] Oops: general protection fault, probably for ...", True),
]


def self_test():
    """The rules above on lines whose verdict is known; a wrong verdict
    makes every run fail, so a broken pattern cannot pass a log."""
    wrong = [line for line, splat in SELF_TEST
             if bool(SPLAT.search(line)) != splat]
    for line in wrong:
        print(f"check-splats: self-test misjudges: {line}")
    return not wrong


def main(path):
    if not self_test():
        return 1
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
