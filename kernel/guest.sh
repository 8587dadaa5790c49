# SPDX-License-Identifier: GPL-2.0
#
# What the guests of kernel/selftests.sh and kernel/e2e.sh share: a busybox
# initramfs and QEMU (q35, plain TCG) booting the kernel `make kunit`
# built.  Sourced by them once top, work, build and out are set.
#
#   guest_prepare APPLET...    checks that the kernel is built, sets $tree,
#                              installs the uapi headers in $build/usr,
#                              starts $out/root with busybox, APPLET links
#                              and an init that mounts proc, sys, dev and
#                              debugfs (the caller appends the rest)
#   guest_root APPLET...       only the $out/root part of guest_prepare,
#                              for a guest of another boot (kernel/kunit.sh)
#   guest_pack                 packs $out/root into $out/initramfs.gz
#   guest_boot APPEND [ARG...] packs $out/root, boots it with APPEND on the
#                              command line and ARG on QEMU's; the console
#                              goes to $out/guest.log

guest_prepare() {
	tree=$("$top/kernel/tree.sh")
	if [ ! -f "$build/arch/x86/boot/bzImage" ]; then
		echo "$(basename "$0"): no kernel in $build: run make kunit first" >&2
		exit 1
	fi
	make -s -C "$tree" O="$build" headers >/dev/null
	guest_root "$@"
}

guest_root() {
	rm -rf "$out"
	mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" \
		"$out/root/dev" "$out/root/tmp"
	cp /bin/busybox "$out/root/bin/busybox"
	for c in "$@"; do
		ln -s busybox "$out/root/bin/$c"
	done
	cat >"$out/root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
INIT
	chmod +x "$out/root/init"
}

guest_pack() {
	(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) \
		>"$out/initramfs.gz"
}

guest_boot() {
	append=$1
	shift
	guest_pack
	timeout 1200 qemu-system-x86_64 -M q35 -m 2048 -nodefaults -nographic \
		-accel tcg -no-reboot -serial stdio -bios qboot.rom \
		-kernel "$build/arch/x86/boot/bzImage" \
		-initrd "$out/initramfs.gz" \
		-append "console=ttyS0 kunit.enable=0 preempt=full panic=-1 $append" \
		"$@" </dev/null 2>&1 | tr -d '\r' >"$out/guest.log" || true
}
