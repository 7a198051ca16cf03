// hcall-debug's cache-inhibited logical loads and stores, and the DABR calls, with PAPR's return
// codes (QEMU 7.2's for the DABR calls on POWER8/9 under TCG).
import { describe, expect, test } from "bun:test";
import { SPR_DABR, SPR_DABRX } from "../../vmm/machine/hcalls-dabr.ts";
import type { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { bootPseries, guestBin, hcall } from "./boot-machine.ts";

const H_LOGICAL_CI_LOAD = 0x3c, H_LOGICAL_CI_STORE = 0x40, H_SET_DABR = 0x28, H_SET_XDABR = 0x134;
const H_PARAMETER = -4;

async function machine() {
  return (await bootPseries(["-icount", "shift=0", "-bios", guestBin("hello-be")])).machine;
}

const spr = (m: PseriesMachine, n: number) => (BigInt(m.cpu.sprHi[n] >>> 0) << 32n) | BigInt(m.cpu.sprLo[n] >>> 0);

describe("H_LOGICAL_CI_LOAD and H_LOGICAL_CI_STORE", () => {
  test("load 1, 2, 4 and 8 bytes big-endian into r4, zero-extended", async () => {
    const m = await machine();
    m.mem.write(0x20000, Uint8Array.of(0xf1, 0xe2, 0xd3, 0xc4, 0xb5, 0xa6, 0x97, 0x88));
    const load = (size: bigint, addr: bigint) => [hcall(m, H_LOGICAL_CI_LOAD, size, addr), m.cpu.gpr(4)];
    expect(load(1n, 0x20003n)).toEqual([0, 0xc4n]);
    expect(load(2n, 0x20002n)).toEqual([0, 0xd3c4n]);
    expect(load(4n, 0x20004n)).toEqual([0, 0xb5a69788n]);
    expect(load(8n, 0x20000n)).toEqual([0, 0xf1e2d3c4b5a69788n]);
  });

  test("store the low-order 1, 2, 4 or 8 bytes of r6", async () => {
    const m = await machine();
    const value = 0x0102030405060708n;
    expect(hcall(m, H_LOGICAL_CI_STORE, 8n, 0x20000n, value)).toBe(0);
    expect(hcall(m, H_LOGICAL_CI_STORE, 4n, 0x20008n, value)).toBe(0);
    expect(hcall(m, H_LOGICAL_CI_STORE, 2n, 0x2000cn, value)).toBe(0);
    expect(hcall(m, H_LOGICAL_CI_STORE, 1n, 0x2000en, value)).toBe(0);
    expect([...m.mem.read(0x20000, 16)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 7, 8, 8, 0]);
  });

  test("H_PARAMETER for another size, a misaligned address or one outside RAM; nothing is stored", async () => {
    const m = await machine();
    const end = BigInt(m.mem.size);
    for (const call of [H_LOGICAL_CI_LOAD, H_LOGICAL_CI_STORE]) {
      expect(hcall(m, call, 3n, 0x20000n, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 16n, 0x20000n, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 0n, 0x20000n, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 4n, 0x20002n, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 8n, 0x20004n, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 4n, end, 0xffn)).toBe(H_PARAMETER);
      expect(hcall(m, call, 1n, 1n << 60n, 0xffn)).toBe(H_PARAMETER);
    }
    expect(hcall(m, H_LOGICAL_CI_LOAD, 8n, end - 8n)).toBe(0);
    expect([...m.mem.read(0x20000, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("H_SET_DABR and H_SET_XDABR", () => {
  test("H_SET_DABR sets DABR and DABRX to problem and privileged state", async () => {
    const m = await machine();
    expect(hcall(m, H_SET_DABR, 0xc000_0000_0123_4567n)).toBe(0);
    expect(spr(m, SPR_DABR)).toBe(0xc000_0000_0123_4567n);
    expect(spr(m, SPR_DABRX)).toBe(3n);
  });

  test("H_SET_XDABR takes DABRX's user and kernel bits, and refuses the hypervisor bit, no bit or others", async () => {
    const m = await machine();
    expect(hcall(m, H_SET_XDABR, 0x1000n, 2n)).toBe(0);
    expect([spr(m, SPR_DABR), spr(m, SPR_DABRX)]).toEqual([0x1000n, 2n]);
    for (const dabrx of [0n, 4n, 6n, 0x10n, 1n << 32n]) expect(hcall(m, H_SET_XDABR, 0x2000n, dabrx)).toBe(H_PARAMETER);
    expect([spr(m, SPR_DABR), spr(m, SPR_DABRX)]).toEqual([0x1000n, 2n]);
  });
});
