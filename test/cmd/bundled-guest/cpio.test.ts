// The initramfs writer against the newc format Linux unpacks (buffer-format.rst): headers,
// name and data padding, the trailer; and the contents of the busybox and power7 initramfs.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { S_IFCHR, S_IFDIR, S_IFREG, writeCpio } from "../../../cmd/bundled-guest/cpio.ts";
import { busyboxInitramfs } from "../../../cmd/bundled-guest/initramfs.ts";
import { buildPower7Initramfs, POWER7_INIT } from "../../guests/linux/power7-initramfs.ts";

/** Entries of a newc archive, read the way the kernel's init/initramfs.c reads them. */
function readCpio(archive: Uint8Array) {
  const text = new TextDecoder();
  const entries: { name: string; mode: number; rdev: [number, number]; data: Uint8Array }[] = [];
  for (let at = 0; ; ) {
    const header = text.decode(archive.subarray(at, at + 110));
    expect(header.slice(0, 6)).toBe("070701");
    const field = (i: number) => parseInt(header.slice(6 + 8 * i, 14 + 8 * i), 16);
    const nameSize = field(11), size = field(6);
    const name = text.decode(archive.subarray(at + 110, at + 110 + nameSize - 1));
    at = (at + 110 + nameSize + 3) & ~3;
    if (name === "TRAILER!!!") return { entries, end: at };
    entries.push({ name, mode: field(1), rdev: [field(9), field(10)], data: archive.slice(at, at + size) });
    at = (at + size + 3) & ~3;
  }
}

describe("cpio newc", () => {
  test("headers, 4-byte padding after name and data, and the trailer", () => {
    const archive = writeCpio([
      { path: "dev", mode: S_IFDIR | 0o755 },
      { path: "dev/console", mode: S_IFCHR | 0o600, rdev: [5, 1] },
      { path: "init", mode: S_IFREG | 0o755, data: "#!/bin/sh\n" },
    ]);
    expect(new TextDecoder().decode(archive.subarray(0, 110))).toBe("070701" + ["00000001", "000041ed", "00000000", "00000000", "00000002", "00000000", "00000000", "00000000", "00000000", "00000000", "00000000", "00000004", "00000000"].join(""));
    const { entries, end } = readCpio(archive);
    expect(end).toBe(archive.length);
    expect(archive.length % 4).toBe(0);
    expect(entries.map((e) => [e.name, e.mode.toString(8), e.rdev])).toEqual([["dev", "40755", [0, 0]], ["dev/console", "20600", [5, 1]], ["init", "100755", [0, 0]]]);
    expect(new TextDecoder().decode(entries[2].data)).toBe("#!/bin/sh\n");
  });

  test("the busybox initramfs has /init, busybox, /etc/profile, /dev/console and the modules given", () => {
    const busybox = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]);
    const module = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 9]);
    const { entries } = readCpio(busyboxInitramfs(busybox, { "pseries-rng.ko": module }));
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get("bin/busybox")!.data).toEqual(busybox);
    expect(new TextDecoder().decode(byName.get("init")!.data)).toStartWith("#!/bin/busybox sh\n");
    expect(byName.get("init")!.mode).toBe(S_IFREG | 0o755);
    expect(byName.get("dev/console")!.rdev).toEqual([5, 1]);
    expect(byName.has("etc/profile")).toBe(true);
    expect(byName.get("lib/modules/pseries-rng.ko")!.data).toEqual(module);
  });

  test("the power7 initramfs has power7-init as /init, /proc and /dev/console", () => {
    const { entries } = readCpio(Bun.gunzipSync(buildPower7Initramfs()));
    expect(entries.map((e) => e.name)).toEqual(["dev", "proc", "dev/console", "init"]);
    const init = entries[3];
    expect(init.mode).toBe(S_IFREG | 0o755);
    expect(init.data).toEqual(new Uint8Array(readFileSync(POWER7_INIT)));
    expect(Array.from(init.data.subarray(0, 6))).toEqual([0x7f, 0x45, 0x4c, 0x46, 2, 1]); // ELF64, little-endian
  });
});
