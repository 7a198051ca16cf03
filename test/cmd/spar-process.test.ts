import { expect, test } from "bun:test";
import { join } from "node:path";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { findNode, parseFdt } from "../../firmware/fdt-reader.ts";
import { bootToShell } from "./boot-to-shell.ts";

const root = join(import.meta.dir, "../..");

function spar(...args: string[]) {
  const env = { ...process.env, SPAR_HOST_CPU: "" };
  const result = Bun.spawnSync(["bun", "cmd/spar.ts", ...args], { cwd: root, env });
  return { status: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

test("spar -cpu help prints the models and exits 0", () => {
  const { status, stdout, stderr } = spar("-cpu", "help");
  expect(status).toBe(0);
  expect(stdout).toContain("POWER9");
  expect(stderr).toBe("");
});

test("spar -m banana prints one error line, no stack trace, and exits 1", () => {
  const { status, stdout, stderr } = spar("-m", "banana");
  expect(status).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toStartWith("spar: -m banana: ");
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s*at /m);
});

test("spar -smp 4 refuses to run fewer CPUs than asked for", () => {
  const { status, stdout, stderr } = spar("-nographic", "-smp", "4", "-bios", "test/guests/bin/hello-le.bin");
  expect(status).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe("spar: -smp 4: spar runs one vCPU so far (SMP is not implemented yet); use -smp 1\n");
});

test("an NVRAM image of the wrong size stops spar before the guest runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "spar-process-"));
  try {
    const image = join(dir, "nvram.img");
    writeFileSync(image, "short");
    const { status, stdout, stderr } = spar("-nographic", "-drive", `if=pflash,file=${image}`, "-bios", "test/guests/bin/hello-le.bin");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`spar: -drive if=pflash,file=${image}: spapr-nvram must be between 8192 and 1048576 bytes in size (the image is 5)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("-M dumpdtb=FILE without a guest writes the machine's tree and exits 0, as QEMU does", () => {
  const dir = mkdtempSync(join(tmpdir(), "spar-process-"));
  try {
    const dtb = join(dir, "pseries.dtb");
    const { status, stdout, stderr } = spar("-M", `pseries,dumpdtb=${dtb}`, "-cpu", "POWER8");
    expect(status).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toBe(`spar: dtb dumped to ${dtb}. Exiting.\n`);
    const root = parseFdt(new Uint8Array(readFileSync(dtb))).root;
    expect(findNode(root, "/cpus/PowerPC,POWER8@0")).toBeDefined();
    expect(findNode(root, "/chosen")!.props.has("linux,initrd-start")).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("spar with no arguments boots the bundled guest to a shell, and poweroff ends it with status 0", async () => {
  const run = await bootToShell(["bun", "cmd/spar.ts"], root);
  expect(run.console).toContain("spar guest: Linux 6.1.");
  expect(run.console).toMatch(/root@spar:~# \x1b\[6nuname -m\r\nppc64le\r\n/);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
}, 120_000);
