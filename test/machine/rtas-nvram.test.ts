// spapr-nvram through nvram-fetch and nvram-store (LoPAR "NVRAM"), as Linux's pseries nvram
// driver reaches it, and its node in the device tree.
import { beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findNode, getString, getU32 } from "../../firmware/fdt-reader.ts";
import { NVRAM_DEFAULT_SIZE, NVRAM_MAX_SIZE, NVRAM_MIN_SIZE, SpaprNvram } from "../../vmm/devices/spapr-nvram.ts";
import { openNvramImage } from "../../vmm/machine/nvram-image.ts";
import { registerNvramRtas } from "../../vmm/machine/rtas-nvram.ts";
import { RTAS_PARAMETER_ERROR, Rtas } from "../../vmm/machine/rtas.ts";
import { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import { bootPseries, bootTree, guestBin } from "./boot-machine.ts";
import { rtasCaller } from "./rtas-call.ts";

const RAM = 1 << 20, RTAS_BUFFER = 0x1000, DATA = 0x4000;
const mem = new GuestMemory(RAM);
let rtas: Rtas, nvram: SpaprNvram, persisted: { offset: number; bytes: number[] }[];
const rtasCall = rtasCaller(mem, () => rtas, RTAS_BUFFER);

function withNvram(image?: Uint8Array) {
  persisted = [];
  nvram = image ? SpaprNvram.fromImage(image, { write: (offset, bytes) => persisted.push({ offset, bytes: [...bytes] }) }) : SpaprNvram.blank();
  rtas = new Rtas(mem, () => {});
  registerNvramRtas(rtas, nvram, mem);
}

beforeEach(() => {
  mem.u8.fill(0);
  withNvram();
});

describe("spapr-nvram", () => {
  test("starts zeroed at QEMU's default 64 KiB, and a store reads back", () => {
    expect(nvram.size).toBe(NVRAM_DEFAULT_SIZE);
    mem.u8.fill(0xaa, DATA, DATA + 16);
    expect(rtasCall("nvram-fetch", [0, DATA, 16], 2)).toEqual([0, 16]);
    expect([...mem.u8.subarray(DATA, DATA + 16)]).toEqual(new Array(16).fill(0));

    mem.write(DATA, new TextEncoder().encode("\x70\x00\x00\x80system\0\0\0\0\0\0"));
    expect(rtasCall("nvram-store", [0x100, DATA, 16], 2)).toEqual([0, 16]);
    expect(rtasCall("nvram-fetch", [0x100, DATA + 0x100, 16], 2)).toEqual([0, 16]);
    expect(mem.read(DATA + 0x100, 16)).toEqual(mem.read(DATA, 16));
  });

  test("the last byte is reachable; one past it, a wrapped range or a buffer outside RAM is a parameter error", () => {
    expect(rtasCall("nvram-fetch", [NVRAM_DEFAULT_SIZE - 1, DATA, 1], 2)).toEqual([0, 1]);
    expect(rtasCall("nvram-fetch", [NVRAM_DEFAULT_SIZE - 1, DATA, 2], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("nvram-store", [0xffffffff, DATA, 2], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("nvram-fetch", [0, RAM - 8, 16], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("nvram-store", [0, DATA], 2)).toEqual([RTAS_PARAMETER_ERROR, 0]);
    expect(rtasCall("nvram-fetch", [0, DATA, 16], 1)).toEqual([RTAS_PARAMETER_ERROR]);
  });

  test("an image gives the NVRAM its size and contents, and every store is written through", () => {
    const image = new Uint8Array(NVRAM_MIN_SIZE).fill(7);
    withNvram(image);
    expect(nvram.size).toBe(NVRAM_MIN_SIZE);
    expect(rtasCall("nvram-fetch", [8, DATA, 4], 2)).toEqual([0, 4]);
    expect([...mem.read(DATA, 4)]).toEqual([7, 7, 7, 7]);
    mem.write(DATA, new Uint8Array([1, 2, 3]));
    expect(rtasCall("nvram-store", [0x20, DATA, 3], 2)).toEqual([0, 3]);
    expect(persisted).toEqual([{ offset: 0x20, bytes: [1, 2, 3] }]);
    expect(image[0x20]).toBe(7); // the device keeps its own copy
  });

  test.each([NVRAM_MIN_SIZE - 1, NVRAM_MAX_SIZE + 1])("an image of %d bytes is refused with QEMU's bounds", (size) => {
    expect(() => SpaprNvram.fromImage(new Uint8Array(size), { write: () => {} })).toThrow(
      `spapr-nvram must be between 8192 and 1048576 bytes in size (the image is ${size})`,
    );
  });

  test("the machine's tree has /vdevice/nvram@71000001 with #bytes, where QEMU puts it", async () => {
    const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
    const node = findNode(bootTree(machine).root, "/vdevice/nvram@71000001")!;
    expect(getU32(node, "#bytes")).toBe(NVRAM_DEFAULT_SIZE);
    expect(getU32(node, "reg")).toBe(0x71000001);
    expect(getString(node, "device_type")).toBe("nvram");
    expect(getString(node, "compatible")).toBe("qemu,spapr-nvram");
  });
});

describe("-drive if=pflash: the NVRAM image on the host", () => {
  test("a store reaches the file at once and a later run fetches it", () => {
    const dir = mkdtempSync(join(tmpdir(), "spar-nvram-"));
    try {
      const path = join(dir, "nvram.img");
      writeFileSync(path, new Uint8Array(NVRAM_MIN_SIZE));
      const first = openNvramImage(path);
      rtas = new Rtas(mem, () => {});
      registerNvramRtas(rtas, first.device, mem);
      mem.write(DATA, new TextEncoder().encode("boot-count=1"));
      expect(rtasCall("nvram-store", [0x1000, DATA, 12], 2)).toEqual([0, 12]);
      expect(new TextDecoder().decode(readFileSync(path).subarray(0x1000, 0x100c))).toBe("boot-count=1"); // before close
      first.close();

      const second = openNvramImage(path);
      rtas = new Rtas(mem, () => {});
      registerNvramRtas(rtas, second.device, mem);
      mem.u8.fill(0, DATA, DATA + 12);
      expect(rtasCall("nvram-fetch", [0x1000, DATA, 12], 2)).toEqual([0, 12]);
      expect(new TextDecoder().decode(mem.read(DATA, 12))).toBe("boot-count=1");
      expect(readFileSync(path).length).toBe(NVRAM_MIN_SIZE);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an image of the wrong size is refused before the guest starts, and left as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "spar-nvram-"));
    try {
      const path = join(dir, "small.img");
      writeFileSync(path, "too small");
      expect(() => openNvramImage(path)).toThrow("spapr-nvram must be between 8192 and 1048576 bytes in size (the image is 9)");
      expect(readFileSync(path, "utf8")).toBe("too small");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
