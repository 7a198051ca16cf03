import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine } from "../../cmd/command-line.ts";
import { BUNDLED_GUEST_NAME, BUNDLED_INITRAMFS, BUNDLED_KERNEL } from "../../cmd/bundled-guest/bundled-guest.ts";
import type { MachineConfig } from "../../vmm/machine/config.ts";

let dir: string;
let kernel: string;
let initrd: string;
let bios: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "spar-cmd-"));
  [kernel, initrd, bios] = ["vmlinux", "initrd.img", "firmware.bin"].map((name) => {
    const path = join(dir, name);
    writeFileSync(path, "x");
    return path;
  }) as [string, string, string];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(argv: string[], env: Record<string, string | undefined> = {}): MachineConfig {
  const result = parseCommandLine(argv, env);
  if (result.kind !== "run") throw new Error(`expected a config, got: ${result.stderr}`);
  return result.config;
}

/** The error line without "spar: ", after checking status 1 and an empty stdout. */
function error(argv: string[], env: Record<string, string | undefined> = {}): string {
  const result = parseCommandLine(argv, env);
  if (result.kind !== "exit") throw new Error(`expected an error, got a config`);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toStartWith("spar: ");
  expect(result.stderr).toEndWith("\n");
  expect(result.stderr.trimEnd()).not.toContain("\n");
  return result.stderr.slice("spar: ".length, -1);
}

function output(argv: string[]): string {
  const result = parseCommandLine(argv, {});
  if (result.kind !== "exit") throw new Error("expected output, got a config");
  expect(result.status).toBe(0);
  expect(result.stderr).toBe("");
  return result.stdout;
}

const MiB = 2 ** 20;

describe("defaults", () => {
  test("an empty command line is QEMU's pseries defaults, with XICS and spar's terminal UI", () => {
    const c = config([]);
    expect(c).toMatchObject({
      machine: "pseries",
      accel: { kind: "tcg" },
      memory: 512 * MiB,
      smp: { cpus: 1, cores: 1, threads: 1, sockets: 1, maxcpus: 1 },
      caps: { cfpc: "workaround", sbbc: "workaround", ibs: "workaround", ccfAssist: true, largeDecr: true },
      icMode: "xics",
      clock: "host",
      rtc: { base: "utc", clock: "host" },
      serial: "stdio",
      display: "none",
      noReboot: false,
      startPaused: false,
      log: { items: [] },
    });
    expect(c.cpu.name).toBe("power9_v2.0");
    expect(c.compat).toBeUndefined();
    // No -kernel or -bios: the bundled guest.
    expect(c).toMatchObject({ name: BUNDLED_GUEST_NAME, kernel: BUNDLED_KERNEL, initrd: BUNDLED_INITRAMFS });
    expect(c.append).toBeUndefined();
  });

  test("-initrd and -append without -kernel go with the bundled guest's kernel", () => {
    const initrd = "test/guests/bin/hello-le.bin"; // any existing file
    expect(config(["-initrd", initrd, "-append", "quiet"])).toMatchObject({ kernel: BUNDLED_KERNEL, initrd, append: "quiet" });
    expect(config(["-append", "quiet"])).toMatchObject({ kernel: BUNDLED_KERNEL, initrd: BUNDLED_INITRAMFS, append: "quiet" });
  });

  test("-name, -bios, -kernel and -M dumpdtb= alone each leave the bundled guest out", () => {
    expect(config(["-name", "mine"]).name).toBe("mine");
    expect(config(["-bios", "test/guests/bin/hello-le.bin"])).toMatchObject({ name: undefined, kernel: undefined, initrd: undefined });
    expect(config(["-kernel", "test/guests/bin/hello-le.elf"])).toMatchObject({ name: undefined, kernel: "test/guests/bin/hello-le.elf", initrd: undefined });
    expect(config(["-M", "pseries,dumpdtb=/tmp/x.dtb"])).toMatchObject({ kernel: undefined, initrd: undefined });
  });
});

describe("-M / -machine", () => {
  test("pseries, in every spelling", () => {
    for (const flag of ["-M", "-machine", "--machine", "--M"]) {
      expect(config([flag, "pseries"]).machine).toBe("pseries");
    }
  });

  test("accel and kvm-type", () => {
    expect(config(["-M", "pseries,accel=kvm"]).accel).toEqual({ kind: "kvm", type: "HV" });
    expect(config(["-M", "pseries,accel=kvm,kvm-type=PR"]).accel).toEqual({ kind: "kvm", type: "PR" });
    expect(config(["-M", "pseries,accel=kvm,kvm-type=hv"]).accel).toEqual({ kind: "kvm", type: "HV" });
    expect(config(["-M", "pseries,accel=tcg"]).accel).toEqual({ kind: "tcg" });
    expect(config(["-M", "accel=kvm:tcg"]).accel).toEqual({ kind: "kvm", type: "HV" });
  });

  test("caps, ic-mode and the switches spar supports one way", () => {
    const c = config([
      "-M",
      "pseries,cap-cfpc=fixed,cap-sbbc=broken,cap-ibs=FIXED-CCD,cap-ccf-assist=off,cap-large-decr=no," +
        "ic-mode=xics,x-vof=on,usb=off,graphics=off",
    ]);
    expect(c.caps).toEqual({ cfpc: "fixed", sbbc: "broken", ibs: "fixed-ccd", ccfAssist: false, largeDecr: false });
    expect(c.icMode).toBe("xics");
  });

  test("max-cpu-compat, dumpdtb and the boot properties", () => {
    const c = config([
      "-M",
      `pseries,max-cpu-compat=power8,dumpdtb=/tmp/out.dtb,kernel=${kernel},initrd=${initrd},append=a=b,,c`,
    ]);
    expect(c.compat).toBe("power8");
    expect(c.dumpdtb).toBe("/tmp/out.dtb");
    expect(c).toMatchObject({ kernel, initrd, append: "a=b,c" });
  });

  test("repeated -M merge key by key, later values winning", () => {
    const c = config(["-M", "pseries,cap-cfpc=fixed", "-machine", "accel=kvm", "-M", "cap-cfpc=broken"]);
    expect(c.accel).toEqual({ kind: "kvm", type: "HV" });
    expect(c.caps.cfpc).toBe("broken");
  });
});

describe("-accel and -enable-kvm", () => {
  test("-accel tcg|kvm, with kvm-type", () => {
    expect(config(["-accel", "tcg"]).accel).toEqual({ kind: "tcg" });
    expect(config(["-accel", "kvm"]).accel).toEqual({ kind: "kvm", type: "HV" });
    expect(config(["--accel", "kvm,kvm-type=PR"]).accel).toEqual({ kind: "kvm", type: "PR" });
    expect(config(["-accel", "kvm", "-M", "pseries,kvm-type=PR"]).accel).toEqual({ kind: "kvm", type: "PR" });
  });

  test("repeated -accel is QEMU's fallback list: the first starts", () => {
    expect(config(["-accel", "kvm", "-accel", "tcg"]).accel).toEqual({ kind: "kvm", type: "HV" });
  });

  test("-enable-kvm is -M accel=kvm", () => {
    expect(config(["-enable-kvm"]).accel).toEqual({ kind: "kvm", type: "HV" });
    expect(config(["-enable-kvm", "-M", "kvm-type=PR", "-cpu", "power7"]).accel).toEqual({ kind: "kvm", type: "PR" });
  });
});

describe("-cpu", () => {
  test("names and aliases, case-insensitive", () => {
    expect(config(["-cpu", "POWER8"]).cpu.name).toBe("power8_v2.0");
    expect(config(["-cpu", "power7+"]).cpu.name).toBe("power7+_v2.1");
    expect(config(["-cpu", "Power8E_v2.1"]).cpu.name).toBe("power8e_v2.1");
    expect(config(["-cpu", "power8nvl"]).cpu.pvr).toBe(0x004c0100);
  });

  test("host is the host generation's model", () => {
    expect(config(["-cpu", "host"]).cpu.name).toBe("power9_v2.0");
    expect(config(["-cpu", "HOST"], { SPAR_HOST_CPU: "power8" }).cpu.name).toBe("power8_v2.0");
    expect(config(["-cpu", "host"], { SPAR_HOST_CPU: "POWER7" }).cpu.name).toBe("power7_v2.3");
  });

  test("compat= at or below the CPU's generation", () => {
    expect(config(["-cpu", "POWER8,compat=power7"])).toMatchObject({ compat: "power7" });
    expect(config(["-cpu", "POWER9,compat=power9"])).toMatchObject({ compat: "power9" });
    expect(config(["-cpu", "POWER9,compat=power8", "-M", "max-cpu-compat=power8"])).toMatchObject({ compat: "power8" });
  });

  test("with accel=kvm and no -cpu, the guest gets the host's CPU, as QEMU does", () => {
    expect(config(["-accel", "kvm"], { SPAR_HOST_CPU: "power8" }).cpu.name).toBe("power8_v2.0");
    expect(config(["-accel", "tcg"], { SPAR_HOST_CPU: "power8" }).cpu.name).toBe("power9_v2.0");
  });
});

describe("-m", () => {
  test("QEMU's size syntax: a bare number is MiB", () => {
    expect(config(["-m", "256"]).memory).toBe(256 * MiB);
    expect(config(["-m", "1G"]).memory).toBe(1024 * MiB);
    expect(config(["-m", "1g"]).memory).toBe(1024 * MiB);
    expect(config(["-m", "1.5G"]).memory).toBe(1536 * MiB);
    expect(config(["-m", "768M"]).memory).toBe(768 * MiB);
    expect(config(["-m", "524288k"]).memory).toBe(512 * MiB);
    expect(config(["-m", "2G"]).memory).toBe(2048 * MiB);
    expect(config(["-m", "size=1G"]).memory).toBe(1024 * MiB);
    expect(config(["-m", "size=1024"]).memory).toBe(1024 * MiB);
  });

  test("the last size wins", () => {
    expect(config(["-m", "1G", "-m", "256M"]).memory).toBe(256 * MiB);
  });
});

describe("-smp", () => {
  const smp = (value: string) => config(["-smp", value]).smp;

  test("QEMU's derivation of missing values, preferring cores", () => {
    expect(smp("4")).toEqual({ cpus: 4, sockets: 1, cores: 4, threads: 1, maxcpus: 4 });
    expect(smp("cpus=4,cores=2")).toEqual({ cpus: 4, sockets: 2, cores: 2, threads: 1, maxcpus: 4 });
    expect(smp("cores=2,threads=2")).toEqual({ cpus: 4, sockets: 1, cores: 2, threads: 2, maxcpus: 4 });
    expect(smp("sockets=2")).toEqual({ cpus: 2, sockets: 2, cores: 1, threads: 1, maxcpus: 2 });
    expect(smp("2,maxcpus=8")).toEqual({ cpus: 2, sockets: 1, cores: 8, threads: 1, maxcpus: 8 });
    expect(smp("maxcpus=8")).toEqual({ cpus: 8, sockets: 1, cores: 8, threads: 1, maxcpus: 8 });
    expect(smp("8,sockets=2,threads=2")).toEqual({ cpus: 8, sockets: 2, cores: 2, threads: 2, maxcpus: 8 });
    expect(smp("cpus=8,sockets=2,cores=2")).toEqual({ cpus: 8, sockets: 2, cores: 2, threads: 2, maxcpus: 8 });
    expect(smp("2,dies=1,clusters=1")).toEqual({ cpus: 2, sockets: 1, cores: 2, threads: 1, maxcpus: 2 });
  });

  test("repeated -smp merge", () => {
    expect(config(["-smp", "4", "-smp", "cores=2"]).smp).toEqual({
      cpus: 4, sockets: 2, cores: 2, threads: 1, maxcpus: 4,
    });
  });
});

describe("boot files", () => {
  test("-kernel, -initrd, -append, -bios", () => {
    const c = config(["-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 root=/dev/ram", "-bios", bios]);
    expect(c).toMatchObject({ kernel, initrd, append: "console=hvc0 root=/dev/ram", bios });
  });

  test("-kernel and -M kernel= are one setting: the later wins", () => {
    expect(config(["-M", `pseries,kernel=${bios}`, "-kernel", kernel]).kernel).toBe(kernel);
  });
});

describe("console and display", () => {
  test("-nographic: console on stdio, no display", () => {
    expect(config(["-nographic"])).toMatchObject({ serial: "stdio", display: "none" });
    expect(config(["-nographic", "-display", "none"])).toMatchObject({ display: "none" });
  });

  test("-serial", () => {
    expect(config(["-serial", "stdio"]).serial).toBe("stdio");
    expect(config(["-serial", "mon:stdio"]).serial).toBe("stdio");
    expect(config(["-serial", "none"]).serial).toBe("none");
    expect(config(["-serial", "null"]).serial).toBe("none");
    expect(config(["-serial", "file:/tmp/console.log"]).serial).toEqual({ file: "/tmp/console.log" });
    expect(config(["-nographic", "-serial", "none"])).toMatchObject({ serial: "none", display: "none" });
  });

  test("-serial unix:PATH,server=on[,wait=off] and -chardev socket with -serial chardev:ID, as QEMU spells them", () => {
    expect(config(["-serial", "unix:/tmp/c.sock,server=on,wait=off"]).serial).toEqual({ socket: "/tmp/c.sock", wait: false });
    expect(config(["-serial", "unix:/tmp/c.sock,server=on"]).serial).toEqual({ socket: "/tmp/c.sock", wait: true });
    expect(config(["-serial", "unix:/tmp/c.sock,server,nowait"]).serial).toEqual({ socket: "/tmp/c.sock", wait: false });
    const chardev = ["-chardev", "socket,id=con0,path=/tmp/c.sock,server=on,wait=off"];
    expect(config([...chardev, "-serial", "chardev:con0"]).serial).toEqual({ socket: "/tmp/c.sock", wait: false });
    expect(error(["-serial", "unix:/tmp/c.sock"])).toBe("-serial unix:/tmp/c.sock: spar listens for the console's client, so the socket needs server=on");
    expect(error(["-serial", "unix:/tmp/c.sock,server=on,wait=maybe"])).toBe("-serial wait=maybe: expected on or off");
    expect(error(["-serial", "unix:/tmp/c.sock,server=on,reconnect=1"])).toBe(
      "-serial reconnect=1: a unix socket has no property 'reconnect'; accepted: path, server, wait",
    );
    expect(error([...chardev, "-serial", "chardev:con1"])).toBe("-serial chardev:con1: no -chardev has id=con1");
    expect(error(["-chardev", "stdio,id=x", "-serial", "chardev:x"])).toBe(
      "-chardev stdio: spar's -chardev takes socket (a unix socket: path=P,server=on); use -serial for stdio or a file",
    );
    expect(error(["-display", "tui", "-serial", "unix:/tmp/c.sock,server=on"])).toBe(
      "-serial unix:/tmp/c.sock,server=on: the dashboard shows the console itself; leave -serial out with -display tui",
    );
    expect(error([...chardev, ...chardev])).toBe("-chardev id=con0: a -chardev with id con0 already exists");
    expect(error(["-chardev", "socket,id=c,path=/tmp/c.sock"])).toBe(
      "-chardev backend=socket,id=c,path=/tmp/c.sock: spar listens for the console's client, so the socket needs server=on",
    );
  });

  test("-display", () => {
    expect(config(["-display", "none"]).display).toBe("none");
    expect(config(["-display", "tui"]).display).toBe("tui");
  });

  test("-monitor none and -nodefaults are accepted", () => {
    expect(config(["-monitor", "none", "-nodefaults"])).toMatchObject({ serial: "stdio", display: "none" });
  });
});

describe("run control and logging", () => {
  test("-no-reboot and -S", () => {
    expect(config(["-no-reboot", "-S"])).toMatchObject({ noReboot: true, startPaused: true });
    expect(config(["--no-reboot"]).noReboot).toBe(true);
  });

  test("-d and -D", () => {
    expect(config(["-d", "in_asm,exec,cpu,int,guest_errors,unimp,mmu,nochain,int"]).log.items).toEqual([
      "in_asm", "exec", "cpu", "int", "guest_errors", "unimp", "mmu", "nochain",
    ]);
    expect(config(["-d", "int", "-D", "/tmp/spar.log"]).log).toEqual({ items: ["int"], file: "/tmp/spar.log" });
  });

  test("-icount shift=0 selects the deterministic timebase; without -icount it follows the host clock", () => {
    expect(config([]).clock).toBe("host");
    for (const value of ["0", "shift=0", "00", "shift=0,align=off", "0,sleep=off", "shift=0,align=off,sleep=off",
      "0,sleep=no,align=false"]) {
      expect(config(["-icount", value]).clock).toBe("instructions");
    }
    expect(config(["--icount", "0"]).clock).toBe("instructions");
  });

  test("repeated -icount merge key by key, as in QEMU", () => {
    expect(config(["-icount", "0", "-icount", "sleep=off"]).clock).toBe("instructions");
    expect(error(["-icount", "0", "-icount", "shift=2"])).toBe(
      "-icount shift=2: spar's deterministic timebase is fixed at one instruction per nanosecond, " +
        "and shift=2 means 4 ns per instruction; accepted: 0",
    );
  });

  test("-rtc base=utc|localtime|DATE[,clock=host|rt|vm], merged key by key as in QEMU", () => {
    expect(config(["-rtc", "base=localtime"]).rtc).toEqual({ base: "localtime", clock: "host" });
    expect(config(["-rtc", "utc,clock=vm"]).rtc).toEqual({ base: "utc", clock: "vm" });
    expect(config(["-rtc", "base=2006-06-17T16:01:21,clock=rt,driftfix=slew"]).rtc).toEqual({ base: { date: Date.UTC(2006, 5, 17, 16, 1, 21) }, clock: "rt" });
    expect(config(["-rtc", "base=2006-6-17", "-rtc", "clock=vm"]).rtc).toEqual({ base: { date: Date.UTC(2006, 5, 17) }, clock: "vm" });
    expect(config(["-rtc", "clock=vm", "-rtc", "clock=host"]).rtc).toEqual({ base: "utc", clock: "host" });
  });

  test("-rtc refuses what QEMU refuses, and dates that do not exist", () => {
    const DATE = "expected utc, localtime or a date: invalid datetime format; valid formats: '2006-06-17T16:01:21' or '2006-06-17'";
    expect(error(["-rtc", "base=yesterday"])).toBe(`-rtc base=yesterday: ${DATE}`);
    expect(error(["-rtc", "base=2006-02-30"])).toBe(`-rtc base=2006-02-30: ${DATE}`);
    expect(error(["-rtc", "base=2006-06-17T24:00:00"])).toBe(`-rtc base=2006-06-17T24:00:00: ${DATE}`);
    expect(error(["-rtc", "clock=guest"])).toBe("-rtc clock=guest: expected one of host, rt or vm");
    expect(error(["-rtc", "driftfix=fast"])).toBe("-rtc driftfix=fast: expected none or slew");
    expect(error(["-rtc", "utc,zone=cet"])).toBe("-rtc zone=cet: rtc has no property 'zone'; accepted: base, clock, driftfix");
  });

  test("-name", () => {
    expect(config(["-name", "guest1"]).name).toBe("guest1");
    expect(config(["-name", "guest=guest2"]).name).toBe("guest2");
  });
});

describe("the KVM rules", () => {
  test("kvm-type=HV needs the host generation, or the host CPU in a compat mode", () => {
    expect(config(["-accel", "kvm", "-cpu", "POWER9"]).cpu.name).toBe("power9_v2.0");
    expect(config(["-accel", "kvm", "-cpu", "POWER9,compat=power8"])).toMatchObject({ compat: "power8" });
    expect(config(["-accel", "kvm", "-cpu", "host,compat=power7"])).toMatchObject({ compat: "power7" });
    expect(config(["-accel", "kvm", "-cpu", "POWER8,compat=power7"], { SPAR_HOST_CPU: "power8" })).toMatchObject({
      compat: "power7",
    });
    expect(config(["-accel", "kvm", "-cpu", "POWER8E"], { SPAR_HOST_CPU: "power8" }).cpu.name).toBe("power8e_v2.1");
  });

  test("kvm-type=HV refuses another generation and says why", () => {
    expect(error(["-accel", "kvm", "-cpu", "POWER8"])).toBe(
      "-cpu POWER8: kvm-type=HV runs guest supervisor code directly on the host, so the guest CPU must be " +
        "the host's generation (POWER9) or use compat=: got POWER8. Use -cpu POWER9,compat=power8 or kvm-type=PR.",
    );
    expect(error(["-M", "accel=kvm,kvm-type=HV", "-cpu", "power8,compat=power7"])).toBe(
      "-cpu power8: kvm-type=HV runs guest supervisor code directly on the host, so the guest CPU must be " +
        "the host's generation (POWER9) or use compat=: got POWER8. Use -cpu POWER9,compat=power7 or kvm-type=PR.",
    );
    expect(error(["-enable-kvm", "-cpu", "POWER9"], { SPAR_HOST_CPU: "power8" })).toBe(
      "-cpu POWER9: kvm-type=HV runs guest supervisor code directly on the host, so the guest CPU must be " +
        "the host's generation (POWER8) or use compat=: got POWER9. Use -cpu POWER8 or kvm-type=PR.",
    );
  });

  test("kvm-type=PR accepts every model", () => {
    for (const model of ["power7_v2.3", "power7+", "power8e", "power8nvl", "power8", "power9"]) {
      expect(config(["-accel", "kvm,kvm-type=PR", "-cpu", model]).accel).toEqual({ kind: "kvm", type: "PR" });
    }
  });

  test("kvm-type without accel=kvm is an error", () => {
    expect(error(["-M", "pseries,kvm-type=PR"])).toBe(
      "-M kvm-type=PR: kvm-type needs accel=kvm, but the accelerator is tcg; add -accel kvm, -M accel=kvm or -enable-kvm",
    );
    expect(error(["-accel", "tcg,kvm-type=HV"])).toBe(
      "-accel kvm-type=HV: kvm-type needs accel=kvm, but the accelerator is tcg; add -accel kvm, -M accel=kvm or -enable-kvm",
    );
  });

  test("a compat mode newer than the CPU is an error", () => {
    expect(error(["-cpu", "POWER8,compat=power9"])).toBe(
      "-cpu compat=power9: compat mode power9 is newer than the CPU power8_v2.0 (POWER8); accepted: power7 or power8",
    );
    expect(error(["-cpu", "power7", "-M", "max-cpu-compat=power8"])).toBe(
      "-M max-cpu-compat=power8: compat mode power8 is newer than the CPU power7_v2.3 (POWER7); accepted: power7",
    );
  });

  test("max-cpu-compat and -cpu compat= must agree", () => {
    expect(error(["-cpu", "POWER9,compat=power7", "-M", "pseries,max-cpu-compat=power8"])).toBe(
      "-cpu compat=power7 conflicts with -M max-cpu-compat=power8: both set the compat mode; give one, or the same mode",
    );
  });
});

describe("errors name the flag, the bad value and what is accepted", () => {
  const cases: [string[], string][] = [
    [["-m", "banana"], "-m banana: expected a size: a number of MiB, or a number with suffix B, k, M, G or T (e.g. 512, 1G)"],
    [["-m", "4G"], "-m 4G: spar supports at most 2G of guest RAM for now; accepted: 256M to 2G in steps of 256M"],
    [["-m", "300"], "-m 300: pseries guest RAM comes in whole 256 MiB blocks, as in QEMU; accepted: 256M to 2G in steps of 256M"],
    [["-m", "0"], "-m 0: pseries guest RAM comes in whole 256 MiB blocks, as in QEMU; accepted: 256M to 2G in steps of 256M"],
    [["-m", "1G,maxmem=2G"], "-m maxmem=2G: memory hotplug is not supported by spar yet"],
    [["-m", "1G,slots=2"], "-m slots=2: memory hotplug is not supported by spar yet"],
    [["-m", "1G,foo=1"], "-m foo=1: memory has no property 'foo'; accepted: size"],
    [["-M", "q35"], "-M q35: unsupported machine type; accepted: pseries (see -M help)"],
    [
      ["-M", "pseries,foo=1"],
      "-M foo=1: pseries has no property 'foo'; accepted: accel, kvm-type, max-cpu-compat, cap-cfpc, cap-sbbc, " +
        "cap-ibs, cap-ccf-assist, cap-large-decr, ic-mode, x-vof, dumpdtb, kernel, initrd, append, usb, graphics",
    ],
    [["-M", "pseries,cap-htm=on"], "-M cap-htm=on: not supported by spar yet"],
    [["-M", "pseries,cap-nested-hv=off"], "-M cap-nested-hv=off: not supported by spar yet"],
    [["-M", "pseries,memory-backend=mem0"], "-M memory-backend=mem0: not supported by spar yet"],
    [["-M", "pseries,dtb=a.dtb"], "-M dtb=a.dtb: not supported by spar yet: spar builds the device tree itself"],
    [["-M", "pseries,firmware=x"], "-M firmware=x: not supported by spar yet; use -bios"],
    [["-M", "pseries,accel=xen"], "-M accel=xen: expected tcg or kvm"],
    [["-M", "pseries,accel=kvm,kvm-type=XX"], "-M kvm-type=XX: expected HV or PR"],
    [["-M", "pseries,max-cpu-compat=power10"], "-M max-cpu-compat=power10: expected one of power7, power8 or power9"],
    [["-M", "pseries,cap-cfpc=maybe"], "-M cap-cfpc=maybe: expected one of broken, workaround or fixed"],
    [["-M", "pseries,cap-sbbc=on"], "-M cap-sbbc=on: expected one of broken, workaround or fixed"],
    [["-M", "pseries,cap-ibs=fixed"], "-M cap-ibs=fixed: expected one of broken, workaround, fixed-ibs, fixed-ccd or fixed-na"],
    [["-M", "pseries,cap-ccf-assist=maybe"], "-M cap-ccf-assist=maybe: expected on or off"],
    [["-M", "pseries,cap-large-decr=ON"], "-M cap-large-decr=ON: expected on or off"],
    [["-M", "pseries,ic-mode=xive"], "-M ic-mode=xive: spar implements XICS only today; accepted: xics"],
    [["-M", "pseries,ic-mode=dual"], "-M ic-mode=dual: spar implements XICS only today; accepted: xics"],
    [["-M", "pseries,ic-mode=foo"], "-M ic-mode=foo: expected xics"],
    [
      ["-M", "pseries,x-vof=off"],
      "-M x-vof=off: spar's firmware is always a VOF-like client interface, so x-vof=off (SLOF) is not available; accepted: on",
    ],
    [["-M", "pseries,usb=on"], "-M usb=on: spar has no USB; accepted: off"],
    [["-M", "pseries,graphics=on"], "-M graphics=on: spar has no graphics; its display is the terminal UI; accepted: off"],
    [["-M", "pseries,"], "-M pseries,: empty item; expected key=value"],
    [["-accel", "xen"], "-accel xen: expected tcg or kvm"],
    [["-accel", "tcg,thread=multi"], "-accel thread=multi: the accelerator has no property 'thread'; accepted: kvm-type"],
    [["-accel", "tcg", "-M", "accel=kvm"], "-accel tcg: -accel and -M accel=kvm are incompatible, as in QEMU; give one of them"],
    [["-enable-kvm", "-accel", "kvm"], "-accel kvm: -accel and -enable-kvm are incompatible, as in QEMU; give one of them"],
    [
      ["-accel", "kvm,kvm-type=PR", "-M", "kvm-type=HV"],
      "-accel kvm-type=PR conflicts with -M kvm-type=HV; give one of them",
    ],
    [
      ["-cpu", "POWER10"],
      "-cpu POWER10: expected a CPU model: power7_v2.3 (power7), power7+_v2.1 (power7+), power8e_v2.1 (power8e), " +
        "power8nvl_v1.0 (power8nvl), power8_v2.0 (power8), power9_v2.0 (power9) or host; see -cpu help",
    ],
    [["-cpu", "POWER8,compat=power6"], "-cpu compat=power6: expected one of power7, power8 or power9"],
    [["-cpu", "POWER8,foo=bar"], "-cpu foo=bar: the CPU has no property 'foo'; accepted: compat"],
    [["-smp", "banana"], "-smp banana: expected a positive integer"],
    [["-smp", "0"], "-smp 0: expected a positive integer"],
    [["-smp", "4,foo=1"], "-smp foo=1: smp has no property 'foo'; accepted: cpus, sockets, cores, threads, maxcpus"],
    [["-smp", "2,dies=2"], "-smp dies=2: dies not supported by this machine's CPU topology, as in QEMU; accepted: 1"],
    [
      ["-smp", "cpus=5,cores=2"],
      "-smp cpus=5,cores=2: Invalid CPU topology: product of the hierarchy must match maxcpus: " +
        "sockets (2) * cores (2) * threads (1) != maxcpus (5)",
    ],
    [
      ["-smp", "cpus=4,maxcpus=2"],
      "-smp cpus=4,maxcpus=2: Invalid CPU topology: maxcpus must be equal to or greater than smp: " +
        "sockets (1) * cores (2) * threads (1) == maxcpus (2) < smp_cpus (4)",
    ],
    [
      ["-smp", "4097"],
      "-smp cpus=4097: Invalid SMP CPUs 4097. The max CPUs supported by machine 'pseries' is 4096; accepted: 1 to 4096",
    ],
    [
      ["-smp", "threads=3"],
      "-smp threads=3: Cannot support 3 threads/core on a pseries machine because it must be a power of 2; " +
        "accepted: threads=1, 2, 4 or 8",
    ],
    [["-kernel", "/nonexistent/vmlinux"], "-kernel /nonexistent/vmlinux: no such file (expected the path of an existing file)"],
    [["-initrd", "/nonexistent/initrd"], "-initrd /nonexistent/initrd: no such file (expected the path of an existing file)"],
    [["-bios", "/nonexistent/bios"], "-bios /nonexistent/bios: no such file (expected the path of an existing file)"],
    [["-kernel", "/tmp"], "-kernel /tmp: not a regular file (expected the path of an existing file)"],
    [["-bios", "test/guests/bin/hello-le.bin", "-append", "quiet"], "-append quiet: only allowed with -kernel, as in QEMU; add -kernel FILE"],
    [["-serial", "tcp::4444"], "-serial tcp::4444: not supported by spar; expected stdio, mon:stdio, none, null, file:PATH, unix:PATH,server=on[,wait=off] or chardev:ID"],
    [["-serial", "file:"], "-serial file:: not supported by spar; expected stdio, mon:stdio, none, null, file:PATH, unix:PATH,server=on[,wait=off] or chardev:ID"],
    [
      ["-serial", "stdio", "-serial", "none"],
      "-serial none: spar has one console, so -serial is accepted once (QEMU would add a second serial port)",
    ],
    [
      ["-display", "curses"],
      "-display curses: spar draws its own terminal UI instead of curses: use -display tui (accepted: tui or none)",
    ],
    [["-display", "gtk"], "-display gtk: expected tui or none"],
    [["-display", "none,gl=on"], "-display gl=on: the display has no property 'gl'; it takes none"],
    [["-nographic", "-display", "tui"], "-display tui: cannot be used with -nographic; accepted with it: -display none"],
    [["-monitor", "stdio"], "-monitor stdio: spar has no QEMU monitor; accepted: none"],
    [
      ["-d", "in_asm,op"],
      "-d in_asm,op: unknown log item 'op'; accepted: in_asm, exec, cpu, int, mmu, unimp, guest_errors, nochain (see -d help)",
    ],
    [["-name", "vm,process=x"], "-name process=x: not supported by spar"],
    [
      ["-icount", "shift=auto"],
      "-icount shift=auto: adaptive icount (shift=auto) is not supported by spar: " +
        "spar's deterministic timebase is fixed at one instruction per nanosecond; accepted: 0",
    ],
    [
      ["-icount", "auto"],
      "-icount auto: adaptive icount (shift=auto) is not supported by spar: " +
        "spar's deterministic timebase is fixed at one instruction per nanosecond; accepted: 0",
    ],
    [
      ["-icount", "1"],
      "-icount 1: spar's deterministic timebase is fixed at one instruction per nanosecond, " +
        "and shift=1 means 2 ns per instruction; accepted: 0",
    ],
    [
      ["-icount", "shift=10"],
      "-icount shift=10: spar's deterministic timebase is fixed at one instruction per nanosecond, " +
        "and shift=10 means 1024 ns per instruction; accepted: 0",
    ],
    [["-icount", "shift=11"], "-icount shift=11: expected 0, the one shift spar supports (QEMU also takes 1 to 10 or auto)"],
    [["-icount", "shift=-1"], "-icount shift=-1: expected 0, the one shift spar supports (QEMU also takes 1 to 10 or auto)"],
    [["-icount", "fast"], "-icount fast: expected 0, the one shift spar supports (QEMU also takes 1 to 10 or auto)"],
    [["-icount", ""], "-icount '': expected 0, the one shift spar supports (QEMU also takes 1 to 10 or auto)"],
    [
      ["-icount", "sleep=off"],
      "-icount: a shift is required (QEMU would ignore -icount without one); accepted: shift=0",
    ],
    [
      ["-icount", "shift=0,align=on"],
      "-icount align=on: align=on is not supported by spar: it delays the guest to keep its clock in step " +
        "with the host's, and spar's deterministic timebase does not follow the host clock; accepted: off",
    ],
    [
      ["-icount", "0,sleep=on"],
      "-icount sleep=on: sleep=on is not supported by spar: its deterministic timebase advances with guest " +
        "instructions only, never with host time while the guest idles; accepted: off",
    ],
    [["-icount", "0,sleep=maybe"], "-icount sleep=maybe: expected on or off"],
    [["-icount", "0,rr=record"], "-icount rr=record: record/replay is not supported by spar"],
    [["-icount", "0,rrfile=replay.bin"], "-icount rrfile=replay.bin: record/replay is not supported by spar"],
    [["-icount", "0,rrsnapshot=init"], "-icount rrsnapshot=init: record/replay is not supported by spar"],
    [["-icount", "0,foo=1"], "-icount foo=1: icount has no property 'foo'; accepted: shift, align, sleep"],
    [["-icount"], "-icount: requires an argument: [shift=]0[,align=off][,sleep=off]"],
    [["-m"], "-m: requires an argument: [size=]SIZE"],
    [["-frobnicate"], "-frobnicate: unknown option; see spar --help for the accepted options"],
    [["-netdev", "user,id=n0"], "-netdev: QEMU option not supported by spar yet; see spar --help for the accepted options"],
    [["disk.img"], "disk.img: unexpected argument; QEMU would take it as the -hda disk image, and spar has no disks yet"],
  ];

  for (const [argv, message] of cases) {
    test(argv.join(" "), () => {
      expect(error(argv)).toBe(message);
    });
  }

  test("SPAR_HOST_CPU is validated too", () => {
    expect(error([], { SPAR_HOST_CPU: "power10" })).toBe("SPAR_HOST_CPU=power10: expected one of power7, power8 or power9");
    expect(config([], { SPAR_HOST_CPU: "" }).cpu.name).toBe("power9_v2.0");
  });
});

describe("help", () => {
  test("--help lists every flag on one line and explains accel=kvm", () => {
    for (const flag of ["--help", "-help", "-h", "--h"]) {
      const text = output([flag]);
      expect(text).toStartWith("Usage: spar [options]\n");
      for (const option of ["-M, -machine", "-accel", "-enable-kvm", "-cpu", "-m ", "-smp", "-kernel", "-initrd",
        "-append", "-bios", "-nographic", "-serial", "-display", "-monitor", "-no-reboot", "-S ", "-d ", "-D ",
        "-name", "-nodefaults", "-version", "-icount [shift=]0[,align=off][,sleep=off]", "-device", "-object"]) {
        expect(text).toContain(`\n  ${option}`);
      }
      expect(text.replace(/\s+/g, " ")).toContain(
        "There is no /dev/kvm for POWER here: accel=kvm selects spar's own models of KVM-HV and KVM-PR " +
          "execution, not the Linux kernel's KVM.",
      );
      expect(text).toContain("problem state and traps every privileged instruction");
    }
  });

  test("--help wins over a bad value elsewhere", () => {
    expect(output(["-m", "banana", "--help"])).toStartWith("Usage:");
  });

  test("--version", () => {
    expect(output(["--version"])).toBe("spar 0.1.0\n");
    expect(output(["-version"])).toBe("spar 0.1.0\n");
  });

  test("-cpu help lists every model with its PVR and aliases", () => {
    for (const request of ["help", "?"]) {
      const text = output(["-cpu", request]);
      for (const generation of ["POWER7", "POWER8", "POWER9"]) expect(text).toContain(generation);
      expect(text).toContain("PowerPC power9_v2.0      PVR 004e1200");
      expect(text).toContain("PowerPC power8           (alias for power8_v2.0)");
      expect(text).toContain("PowerPC host");
    }
  });

  test("-M help and -M pseries,help", () => {
    expect(output(["-M", "help"])).toContain("pseries ");
    expect(output(["-machine", "?"])).toContain("pSeries Logical Partition");
    const properties = output(["-M", "pseries,help"]);
    expect(properties).toContain("cap-ibs=<broken|workaround|fixed-ibs|fixed-ccd|fixed-na>");
    expect(properties).toContain("max-cpu-compat=<power7|power8|power9>");
    expect(properties).toContain("cap-htm");
  });

  test("-d help and -accel help", () => {
    const log = output(["-d", "help"]);
    for (const item of ["in_asm", "exec", "cpu", "int", "guest_errors", "unimp", "mmu", "nochain"]) {
      expect(log).toContain(`\n${item} `);
    }
    expect(output(["-accel", "help"])).toContain("kvm");
  });
});

describe("-drive: the NVRAM image", () => {
  test("if=pflash names the NVRAM's image; ',,' escapes a comma in its name", () => {
    expect(config(["-drive", `if=pflash,file=${bios},format=raw`]).nvramImage).toBe(bios);
    const odd = join(dir, "nv,ram.img");
    writeFileSync(odd, "x");
    expect(config(["-drive", `file=${odd.replace(",", ",,")},if=pflash`]).nvramImage).toBe(odd);
    expect(config([]).nvramImage).toBeUndefined();
  });

  test("disks are refused by interface, and so are other formats, a second pflash and a missing file", () => {
    expect(error(["-drive", `file=${bios}`])).toBe(
      `-drive file=${bios}: a SCSI disk (QEMU's default without if=) is not supported yet: spar's only -drive interface is pflash (the NVRAM image); virtio-blk and spapr-vscsi disks are to come`,
    );
    expect(error(["-drive", `if=virtio,file=${bios}`])).toBe(
      "-drive if=virtio: if=virtio: not supported yet: spar's only -drive interface is pflash (the NVRAM image); virtio-blk and spapr-vscsi disks are to come",
    );
    expect(error(["-drive", `if=pflash,file=${bios},format=qcow2`])).toBe("-drive format=qcow2: expected raw");
    expect(error(["-drive", "if=pflash"])).toBe("-drive: file= is required (the NVRAM image)");
    expect(error(["-drive", `if=pflash,file=${join(dir, "absent")}`])).toBe(
      `-drive file=${join(dir, "absent")}: no such file (expected the path of an existing file)`,
    );
    expect(error(["-drive", `if=pflash,file=${bios},readonly=on`])).toBe(
      "-drive readonly=on: readonly is not supported for the NVRAM image: the guest's nvram-store writes it",
    );
    expect(error(["-drive", `if=pflash,file=${bios}`, "-drive", `if=pflash,file=${kernel}`])).toBe(
      `-drive if=pflash,file=${kernel}: spar has one pflash unit (the NVRAM) and it is already given`,
    );
    expect(error(["-drive", `if=pflash,file=${bios},cache=none`])).toBe(
      "-drive cache=none: -drive has no property 'cache'; accepted: if, file, format, id, index, unit",
    );
  });
});

describe("-device spapr-rng and its -object backend", () => {
  test("rng= links a backend: rng-random reads a file (/dev/urandom by default), rng-builtin the host's generator", () => {
    expect(config(["-object", "rng-random,id=rng0", "-device", "spapr-rng,rng=rng0"]).rng).toEqual({ file: "/dev/urandom" });
    expect(config(["-object", `rng-random,id=r,filename=${bios}`, "-device", "spapr-rng,rng=r,id=dev0"]).rng).toEqual({ file: bios });
    expect(config(["-device", "driver=spapr-rng,rng=b", "-object", "rng-builtin,id=b"]).rng).toEqual({});
    expect(config(["-object", "rng-builtin,id=b"]).rng).toBeUndefined(); // a backend alone adds no device
  });

  test("use-kvm=on takes KVM's in-kernel H_RANDOM, which spar models under accel=kvm only", () => {
    expect(config(["-enable-kvm", "-device", "spapr-rng,use-kvm=on"]).rng).toEqual({});
    expect(config(["-enable-kvm", "-object", `rng-random,id=r,filename=${bios}`, "-device", "spapr-rng,rng=r,use-kvm=on"]).rng).toEqual({});
    expect(config(["-object", `rng-random,id=r,filename=${bios}`, "-device", "spapr-rng,rng=r,use-kvm=off"]).rng).toEqual({ file: bios });
  });

  test("QEMU's refusals: no backend, an unknown one, twice, and devices or objects spar does not have", () => {
    const backend = "-object rng-random,id=rng0 -device spapr-rng,rng=rng0";
    expect(error(["-device", "spapr-rng"])).toBe(`-device spapr-rng: spapr-rng needs an RNG backend, as in QEMU: ${backend}`);
    expect(error(["-device", "spapr-rng,use-kvm=on"])).toBe(
      `-device use-kvm=on: KVM's in-kernel H_RANDOM needs accel=kvm; with TCG give the device a backend: ${backend}`,
    );
    expect(error(["-device", "spapr-rng,rng=foo"])).toBe("-device rng=foo: no -object with id=foo");
    expect(error(["-object", "rng-builtin,id=r", "-device", "spapr-rng,rng=r", "-device", "spapr-rng,rng=r"])).toBe(
      "-device spapr-rng: spapr-rng can only be added once, as in QEMU",
    );
    expect(error(["-device", "spapr-rng,rng=r,foo=1"])).toBe("-device foo=1: -device spapr-rng has no property 'foo'; accepted: driver, id, rng, use-kvm");
    expect(error(["-device", "spapr-rng,use-kvm=maybe"])).toBe("-device use-kvm=maybe: expected on or off");
    expect(error(["-device", "virtio-net-pci,netdev=n0"])).toBe("-device virtio-net-pci: not supported by spar yet; spar's devices: spapr-rng");
    expect(error(["-object", "memory-backend-ram,id=m0,size=1G"])).toBe("-object memory-backend-ram: not supported by spar; accepted: rng-random, rng-builtin");
    expect(error(["-object", "rng-random"])).toBe("-object rng-random: id= is required, as in QEMU");
    expect(error(["-object", "rng-builtin,id=a", "-object", "rng-builtin,id=a"])).toBe("-object id=a: id a is already used");
    expect(error(["-object", "rng-builtin,id=a,filename=/dev/urandom"])).toBe(
      "-object filename=/dev/urandom: -object rng-builtin has no property 'filename'; accepted: qom-type, id",
    );
    expect(error(["-object", `rng-random,id=a,filename=${join(dir, "absent")}`])).toBe(
      `-object filename=${join(dir, "absent")}: cannot read '${join(dir, "absent")}' (expected a file of random bytes, such as /dev/urandom)`,
    );
  });

  test("-device help, -device spapr-rng,help and -object help", () => {
    expect(output(["-device", "help"])).toBe('Devices spar can add (-device NAME,help lists a device\'s properties):\nname "spapr-rng"\n');
    expect(output(["-device", "spapr-rng,help"])).toStartWith("spapr-rng options:\n  rng     - ID of the random number generator backend");
    expect(output(["-object", "help"])).toBe("Object types spar supports (the backends of spapr-rng):\nrng-random\nrng-builtin\n");
  });
});
