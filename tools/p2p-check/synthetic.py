#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes tools/p2p-check/fixtures/xeon-2s, a snapshot no QEMU guest gives.

The QEMU topologies have one host bridge, buses numbered from 0 without a
gap and one PCI domain.  This snapshot, in the layout --capture writes,
is a made-up two-socket Xeon (Skylake-E, whose host bridges 7.3's
whitelist trusts across sockets) with a second PCI segment behind a Sandy
Bridge host bridge (listed for pairs below it alone), as firmware numbers
them:

  pci0000:00  00:00.0 8086:2020 (listed)
              00:01.0 root port -> 17:00.0 switch up -> 18:08.0, 18:10.0
                      downstream ports with ACS SV RR CR UF on (what Linux
                      sets with an IOMMU) -> 19:00.0 3D controller,
                      1a:00.0 network controller with two SR-IOV VFs,
                      1a:00.2 and, on a bus with no bridge of its own,
                      1b:00.0
  pci0000:3a  3a:00.0 root port 8086:2030 (listed; no 00.0 device: the
              root port names the host bridge) -> 3b:00.0 NVMe with
              p2pmem (a controller memory buffer)
              00:0e.0 Intel VMD, whose domain 10000 holds
  pci10000:e0 10000:e0:1d.0 root port 8086:a0b0 (not listed) ->
              10000:e1:00.0 NVMe
  pci0001:00  0001:00:00.0 8086:3c00 (listed, one host bridge only)
              0001:00:02.0 root port -> 0001:01:00.0 accelerator

  tools/p2p-check/synthetic.py [DIR]     (default tools/p2p-check/fixtures/xeon-2s)
"""
import os
import shutil
import struct
import sys

ACS_ON = 0x001d         # SV RR CR UF, as pci_enable_acs() leaves a port
TYPES = {"endpoint": 0, "root-port": 4, "upstream": 5, "downstream": 6,
         "rc-endpoint": 9}
# A root bus whose directory is below a device's (VMD's).
ROOT_PARENT = {"pci10000:e0": "0000:00:0e.0"}

# name, parent path ("" for the root bus), root, vendor, device, class,
# PCIe type (None: conventional), bridge's secondary bus, ACS ctrl or None,
# p2pmem size
FUNCS = [
    ("0000:00:00.0", "", "pci0000:00", 0x8086, 0x2020, 0x060000, None, None, None, 0),
    ("0000:00:01.0", "", "pci0000:00", 0x8086, 0x2030, 0x060400, "root-port", 0x17, ACS_ON, 0),
    ("0000:17:00.0", "0000:00:01.0", "pci0000:00", 0x10b5, 0x8747, 0x060400, "upstream", 0x18, None, 0),
    ("0000:18:08.0", "0000:17:00.0", "pci0000:00", 0x10b5, 0x8747, 0x060400, "downstream", 0x19, ACS_ON, 0),
    ("0000:18:10.0", "0000:17:00.0", "pci0000:00", 0x10b5, 0x8747, 0x060400, "downstream", 0x1a, ACS_ON, 0),
    ("0000:19:00.0", "0000:18:08.0", "pci0000:00", 0x10de, 0x2330, 0x030200, "endpoint", None, None, 0),
    ("0000:1a:00.0", "0000:18:10.0", "pci0000:00", 0x15b3, 0x101d, 0x020000, "endpoint", None, None, 0),
    ("0000:00:0e.0", "", "pci0000:00", 0x8086, 0x467f, 0x010400, "rc-endpoint", None, None, 0),
    ("10000:e0:1d.0", "", "pci10000:e0", 0x8086, 0xa0b0, 0x060400, "root-port", 0xe1, ACS_ON, 0),
    ("10000:e1:00.0", "10000:e0:1d.0", "pci10000:e0", 0x144d, 0xa80a, 0x010802, "endpoint", None, None, 0),
    ("0000:3a:00.0", "", "pci0000:3a", 0x8086, 0x2030, 0x060400, "root-port", 0x3b, ACS_ON, 0),
    ("0000:3b:00.0", "0000:3a:00.0", "pci0000:3a", 0x144d, 0xa80a, 0x010802, "endpoint", None, None, 64 << 20),
    ("0001:00:00.0", "", "pci0001:00", 0x8086, 0x3c00, 0x060000, None, None, None, 0),
    ("0001:00:02.0", "", "pci0001:00", 0x8086, 0x3c04, 0x060400, "root-port", 0x01, ACS_ON, 0),
    ("0001:01:00.0", "0001:00:02.0", "pci0001:00", 0x8086, 0x0b25, 0x120000, "endpoint", None, None, 0),
]


# A VF's name and its PF's; its config space reads all ones for the IDs.
VFS = [("0000:1a:00.2", "0000:1a:00.0"), ("0000:1b:00.0", "0000:1a:00.0")]
VF_DEVICE = 0x101e
# What a bridge's subordinate bus is when it is not its secondary bus.
SUBORDINATE = {"0000:18:10.0": 0x1b, "0000:17:00.0": 0x1b,
               "0000:00:01.0": 0x1b}


def config(name, vendor, device, cls, ptype, secondary, acs):
    """Config space: the header, a PCIe capability, an ACS capability."""
    size = 256 if ptype is None else 4096
    cfg = bytearray(size)
    struct.pack_into("<HH", cfg, 0, vendor, device)
    cfg[0x09:0x0c] = cls.to_bytes(3, "little")
    cfg[0x0e] = 1 if secondary is not None else 0
    if secondary is not None:
        cfg[0x19] = secondary
        cfg[0x1a] = SUBORDINATE.get(name, secondary)
    if ptype is None:
        return cfg
    struct.pack_into("<H", cfg, 0x06, 0x0010)        # capability list
    cfg[0x34] = 0x40
    cfg[0x40] = 0x10                                 # PCI Express
    struct.pack_into("<H", cfg, 0x42, TYPES[ptype] << 4 | 2)
    if acs is not None:
        struct.pack_into("<IHH", cfg, 0x100, 0x0d | 1 << 16, 0x005f, acs)
    return cfg


def path_of(name):
    """sys/devices/ROOT/.../NAME; a VF sits beside its PF."""
    vf = dict(VFS).get(name)
    if vf:
        return os.path.join(os.path.dirname(path_of(vf)), name)
    f = next(f for f in FUNCS if f[0] == name)
    parts = [name]
    while f[1]:
        parts.insert(0, f[1])
        f = next(g for g in FUNCS if g[0] == f[1])
    if f[2] in ROOT_PARENT:
        return os.path.join(path_of(ROOT_PARENT[f[2]]), f[2], *parts)
    return os.path.join("devices", f[2], *parts)


def main(argv):
    top = argv[1] if len(argv) > 1 else "tools/p2p-check/fixtures/xeon-2s"
    if os.path.exists(top):
        shutil.rmtree(top)
    devices = os.path.join(top, "sys/bus/pci/devices")
    os.makedirs(devices)
    os.makedirs(os.path.join(top, "proc"))
    vfs = [(vf, pf, 0x15b3, VF_DEVICE, 0x020000, "endpoint", None, None, 0)
           for vf, pf in VFS]
    for name, pf, vendor, device, cls, ptype, secondary, acs, p2pmem in \
            [f[:1] + ("",) + f[3:] for f in FUNCS] + vfs:
        d = os.path.join(top, "sys", path_of(name))
        os.makedirs(d)
        for attr, text in (("vendor", "0x%04x" % vendor),
                           ("device", "0x%04x" % device),
                           ("class", "0x%06x" % cls)):
            with open(os.path.join(d, attr), "w") as f:
                f.write(text + "\n")
        with open(os.path.join(d, "config"), "wb") as f:
            f.write(config(name, 0xffff if pf else vendor,
                           0xffff if pf else device, cls, ptype, secondary,
                           acs))
        if pf:
            os.symlink("../" + pf, os.path.join(d, "physfn"))
        if p2pmem:
            os.makedirs(os.path.join(d, "p2pmem"))
            with open(os.path.join(d, "p2pmem/size"), "w") as f:
                f.write("%d\n" % p2pmem)
        os.symlink(os.path.join("../../..", path_of(name)),
                   os.path.join(devices, name))
    with open(os.path.join(top, "proc/cpuinfo"), "w") as f:
        f.write("vendor_id\t: GenuineIntel\ncpu family\t: 6\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
