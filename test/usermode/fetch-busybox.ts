// `bun run guest:busybox`: download Debian's static ppc64le busybox (busybox-static:ppc64el) with
// apt and extract bin/busybox into test/usermode/.cache/busybox (git-ignored). Needs root on
// Debian: it adds the ppc64el architecture to dpkg if missing, and runs apt-get update when the
// package is not yet known. Idempotent: an existing download is kept.

import { spawnSync } from "bun";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUSYBOX, BUSYBOX_DIR } from "./busybox-script.ts";

const PACKAGE = "busybox-static:ppc64el";
/** The build the fixture was recorded from; apt falls back to the archive's current one if it is gone. */
const RECORDED_VERSION = "1:1.35.0-4+deb12u1+b1";

function run(cmd: string[], cwd?: string): boolean {
  console.log(`$ ${cmd.join(" ")}`);
  return spawnSync(cmd, { cwd, stdout: "inherit", stderr: "inherit" }).success;
}

function output(cmd: string[]): string {
  const r = spawnSync(cmd, { stderr: "ignore" });
  return r.success ? r.stdout.toString().trim() : "";
}

function main(): number {
  if (existsSync(BUSYBOX)) {
    console.log(`busybox is already there: ${BUSYBOX}`);
    return 0;
  }
  const manual = [
    "To get it by hand on Debian, as root:",
    "  dpkg --add-architecture ppc64el && apt-get update",
    `  apt-get download ${PACKAGE}`,
    `  dpkg-deb -x busybox-static_*_ppc64el.deb ${BUSYBOX_DIR}`,
    `  dpkg-deb -f busybox-static_*_ppc64el.deb Version > ${join(BUSYBOX_DIR, "VERSION")}`,
  ].join("\n");
  if (!existsSync("/etc/debian_version") || !Bun.which("apt-get") || !Bun.which("dpkg")) {
    console.error(`guest:busybox downloads with Debian's apt, and this is not Debian.\n${manual}`);
    return 1;
  }
  if (process.getuid?.() !== 0) {
    console.error(`guest:busybox needs root (dpkg --add-architecture, apt-get update): run it with sudo.\n${manual}`);
    return 1;
  }
  if (!output(["dpkg", "--print-foreign-architectures"]).split("\n").includes("ppc64el")) {
    if (!run(["dpkg", "--add-architecture", "ppc64el"]) || !run(["apt-get", "update"])) return 1;
  }
  const work = mkdtempSync(join(tmpdir(), "busybox-deb-"));
  try {
    const downloaded =
      run(["apt-get", "download", `${PACKAGE}=${RECORDED_VERSION}`], work) ||
      run(["apt-get", "download", PACKAGE], work) ||
      (run(["apt-get", "update"]) && run(["apt-get", "download", PACKAGE], work));
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!downloaded || deb === undefined) {
      console.error(`could not download ${PACKAGE}.\n${manual}`);
      return 1;
    }
    mkdirSync(BUSYBOX_DIR, { recursive: true });
    if (!run(["dpkg-deb", "-x", join(work, deb), BUSYBOX_DIR])) return 1;
    const version = output(["dpkg-deb", "-f", join(work, deb), "Version"]);
    writeFileSync(join(BUSYBOX_DIR, "VERSION"), version + "\n");
    if (version !== RECORDED_VERSION) console.warn(`note: got ${version}; the fixture was recorded from ${RECORDED_VERSION}`);
    console.log(`busybox ${version}: ${BUSYBOX}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exit(main());
