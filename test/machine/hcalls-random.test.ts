// H_RANDOM, as QEMU 7.2 offers it: only with -device spapr-rng, its 64 bits from the device's
// backend. From a file they come in the file's byte order as a little-endian guest stores r4
// (QEMU copies the backend's bytes into a host-order 64-bit value; spar does as QEMU on x86).
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { H_RANDOM } from "../../vmm/machine/hcalls-random.ts";
import type { PseriesMachine } from "../../vmm/machine/pseries.ts";
import { bootPseries, guestBin } from "./boot-machine.ts";

const dir = mkdtempSync(join(tmpdir(), "spar-rng-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hRandom(machine: PseriesMachine): [status: bigint, bits: bigint] {
  machine.cpu.setGpr(3, H_RANDOM);
  machine.hcalls.dispatch(machine.cpu);
  return [BigInt.asIntN(64, machine.cpu.gpr(3)), machine.cpu.gpr(4)];
}

test("without -device spapr-rng there is no H_RANDOM (H_FUNCTION), as in QEMU", async () => {
  const { machine } = await bootPseries(["-bios", guestBin("hello-be")]);
  expect(hRandom(machine)[0]).toBe(-2n);
});

test("-object rng-random,filename=F: the file's bytes, 8 a call; at its end H_HARDWARE, said once", async () => {
  const file = join(dir, "entropy");
  writeFileSync(file, Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x55]));
  const { machine, logged } = await bootPseries(["-object", `rng-random,id=r0,filename=${file}`, "-device", "spapr-rng,rng=r0", "-bios", guestBin("hello-be")]);
  expect(hRandom(machine)).toEqual([0n, 0xefcdab8967452301n]);
  expect(hRandom(machine)).toEqual([0n, 0x8796a5b4c3d2e1f0n]);
  expect(hRandom(machine)[0]).toBe(-1n);
  expect(hRandom(machine)[0]).toBe(-1n);
  expect(logged).toEqual(["spar: spapr-rng: its backend gave no more random bytes; H_RANDOM answers H_HARDWARE"]);
});

test("-object rng-builtin: the host's generator, different bits each call", async () => {
  const { machine } = await bootPseries(["-object", "rng-builtin,id=r0", "-device", "spapr-rng,rng=r0", "-bios", guestBin("hello-be")]);
  const [[s1, a], [s2, b]] = [hRandom(machine), hRandom(machine)];
  expect([s1, s2]).toEqual([0n, 0n]);
  expect(a).not.toBe(b);
});
