#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""p2p-check in the guests of `make kunit`, against the kernel's answers.

Each boot of kernel/kunit.sh runs, after KUnit, tools/p2p-check --all
--json on the topology it booted and prints the answer between
"p2p-check: begin" and "p2p-check: end, exit status N" (every line
prefixed "p2p-check: "), then a --capture snapshot as a base64 tar.gz
("p2p-check-snapshot: " lines, up to "p2p-check-snapshot: end").  The same
log holds the P2P suite's "fixture: P C distance N" (pci_p2pdma_distance(),
for every ordered pair of functions but bridges) and "fixture: P C map
TYPE" (pci_p2pdma_map_type() of each provider's buffer) lines.

One TAP result per topology: the tool gave an answer, as certain, for
exactly the pairs the kernel answered, and each is the kernel's.  Ends
with "N passed, M failed"; exits 1 if any failed.

  kernel/p2p-check.py BUILD_DIR                 check every topology's log
  kernel/p2p-check.py --save DIR BUILD_DIR      and unpack each snapshot
                                                into DIR/NAME
  kernel/p2p-check.py --compare JSON LOG        the tool's --all --json
                                                output against a kernel
                                                log or kernel/fixtures/NAME.log
                                                (make check, on snapshots)
"""
import base64
import glob
import io
import json
import os
import re
import shutil
import sys
import tarfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = re.compile(r"# test_qemu_fixtures: fixture: (\S+) (\S+) "
                     r"(distance|map) (\S+)$")
PREFIX = "p2p-check: "
SNAP = "p2p-check-snapshot: "


def tool_output(lines):
    """The tool's JSON and exit status, or an error string."""
    try:
        begin = lines.index(PREFIX + "begin")
    except ValueError:
        return None, None, "no \"p2p-check: begin\": the tool did not run"
    body, status = [], None
    for line in lines[begin + 1:]:
        m = re.match(r"p2p-check: end, exit status (\d+)$", line)
        if m:
            status = int(m.group(1))
            break
        if line.startswith(PREFIX):
            body.append(line[len(PREFIX):])
    if status is None:
        return None, None, "no \"p2p-check: end\": the guest stopped early"
    try:
        return json.loads("\n".join(body)), status, None
    except json.JSONDecodeError as e:
        return None, status, "the tool's JSON does not parse: %s" % e


def snapshot(lines):
    """The snapshot's tar.gz bytes, or None."""
    data, done = [], False
    for line in lines:
        if line == SNAP + "end":
            done = True
            break
        if line.startswith(SNAP):
            data.append(line[len(SNAP):])
    if not done or not data:
        return None
    return base64.b64decode("".join(data))


def compare(name, lines, tool):
    """The differences between the kernel's answers and the tool's."""
    kernel = {}
    for line in lines:
        m = FIXTURE.search(line)
        if m:
            p, c, what, answer = m.groups()
            kernel[(p, c, what)] = answer
    if not kernel:
        return ["no \"fixture:\" line of the P2P suite in the log"], 0
    mine = {}
    for pair in tool.get("pairs", []):
        p, c = pair["provider"], pair["client"]
        if not pair.get("certain"):
            mine[(p, c, "distance")] = "uncertain"
            continue
        mine[(p, c, "distance")] = str(pair["distance"])
        mine[(p, c, "map")] = pair["map"]
    diffs = []
    for key in sorted(kernel):
        p, c, what = key
        if key not in mine:
            diffs.append("%s %s %s: kernel %s, the tool has no answer"
                         % (p, c, what, kernel[key]))
        elif mine[key] != kernel[key]:
            diffs.append("%s %s %s: kernel %s, tool %s"
                         % (p, c, what, kernel[key], mine[key]))
    for key in sorted(mine):
        if key[2] == "distance" and key not in kernel:
            diffs.append("%s %s: the tool answered a pair the kernel did not"
                         % key[:2])
    return diffs, len(kernel)


def compare_files(json_file, log):
    """--compare: exit 0 when the tool's JSON answers as the log's kernel."""
    try:
        with open(json_file) as f:
            tool = json.load(f)
        with open(log, "rb") as f:
            lines = [l.decode("utf-8", "replace").rstrip("\r\n") for l in f]
    except (OSError, json.JSONDecodeError) as e:
        print("p2p-check.py: %s" % e, file=sys.stderr)
        return 2
    diffs, answers = compare(os.path.basename(log), lines, tool)
    for d in diffs:
        print(d)
    print("%d of the kernel's %d answers differ" % (len(diffs), answers))
    return 1 if diffs else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "--compare":
        return compare_files(argv[2], argv[3])
    save = None
    if len(argv) > 2 and argv[1] == "--save":
        save = argv[2]
        argv = argv[2:]
    if len(argv) != 2:
        print("usage: p2p-check.py [--save DIR] BUILD_DIR", file=sys.stderr)
        return 2
    build = argv[1]
    names = sorted(os.path.basename(t)[:-len(".qemu")] for t in
                   glob.glob(os.path.join(TOP, "kernel/topologies/*.qemu")))
    passed = failed = 0
    print("1..%d" % len(names))
    for i, name in enumerate(names, 1):
        log = os.path.join(build, name + ".log")
        lines = None
        try:
            with open(log, "rb") as f:
                lines = [l.decode("utf-8", "replace").rstrip("\r\n")
                         for l in f]
            tool, status, err = tool_output(lines)
        except OSError as e:
            err = "%s: cannot read (%s): run make kunit" % (log, e.strerror)
        snap = snapshot(lines) if lines else None
        if snap and save:
            dest = os.path.join(save, name)
            if os.path.exists(dest):
                shutil.rmtree(dest)
            os.makedirs(dest)
            with tarfile.open(fileobj=io.BytesIO(snap), mode="r:gz") as t:
                t.extractall(dest)
        if err:
            print("not ok %d - %s: %s" % (i, name, err))
            failed += 1
            continue
        diffs, answers = compare(name, lines, tool)
        if snap is None:
            diffs.append("no --capture snapshot in the log")
        if diffs:
            print("not ok %d - %s: the tool differs from the kernel on %d of "
                  "%d answers" % (i, name, len(diffs), answers))
            for d in diffs[:20]:
                print("# %s: %s" % (name, d))
            failed += 1
        else:
            print("ok %d - %s: p2p-check (exit %d) gave the kernel's %d "
                  "answers (distance of every ordered pair, map type of each "
                  "provider's memory)" % (i, name, status, answers))
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
