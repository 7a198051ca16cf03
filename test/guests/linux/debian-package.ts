// Download one Debian ppc64el package with apt and unpack it, for the scripts that fetch test
// guests (`bun run guest:busybox`, `bun run guest:debian`). Needs root on Debian: it adds the
// ppc64el architecture to dpkg when missing and runs apt-get update when the package is unknown.

import { spawnSync } from "bun";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class FetchError extends Error {}

function run(cmd: string[], cwd?: string): boolean {
  console.log(`$ ${cmd.join(" ")}`);
  return spawnSync(cmd, { cwd, stdout: "inherit", stderr: "inherit" }).success;
}

function output(cmd: string[]): string {
  const r = spawnSync(cmd, { stderr: "ignore" });
  return r.success ? r.stdout.toString().trim() : "";
}

/** What to run by hand when this machine cannot fetch by itself. */
export function manualSteps(packages: string[], into: string): string {
  return [
    "To fetch by hand on Debian, as root:",
    "  dpkg --add-architecture ppc64el && apt-get update",
    ...packages.map((p) => `  apt-get download ${p}:ppc64el && dpkg-deb -x ${p.split("=")[0]}_*_ppc64el.deb ${into}`),
  ].join("\n");
}

/** Throws FetchError with the manual steps when this is not Debian or not root. */
export function checkCanFetch(what: string, packages: string[], into: string): void {
  if (!Bun.which("apt-get") || !Bun.which("dpkg")) throw new FetchError(`${what} downloads with Debian's apt, and this is not Debian.\n${manualSteps(packages, into)}`);
  if (process.getuid?.() !== 0) throw new FetchError(`${what} needs root (dpkg --add-architecture, apt-get update): run it with sudo.\n${manualSteps(packages, into)}`);
}

/**
 * Download `name` (trying each version in `versions` first, then the archive's current one) and
 * unpack it into `into`; writes `into`/VERSION and returns the version unpacked.
 */
export function fetchPackage(name: string, into: string, versions: string[] = []): string {
  if (!output(["dpkg", "--print-foreign-architectures"]).split("\n").includes("ppc64el")) {
    if (!run(["dpkg", "--add-architecture", "ppc64el"]) || !run(["apt-get", "update"])) throw new FetchError("could not add the ppc64el architecture");
  }
  const work = mkdtempSync(join(tmpdir(), "spar-deb-"));
  try {
    const pkg = `${name}:ppc64el`;
    const downloaded =
      versions.some((v) => run(["apt-get", "download", `${pkg}=${v}`], work)) ||
      run(["apt-get", "download", pkg], work) ||
      (run(["apt-get", "update"]) && run(["apt-get", "download", pkg], work));
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!downloaded || deb === undefined) throw new FetchError(`could not download ${pkg}`);
    mkdirSync(into, { recursive: true });
    if (!run(["dpkg-deb", "-x", join(work, deb), into])) throw new FetchError(`could not unpack ${deb}`);
    const version = output(["dpkg-deb", "-f", join(work, deb), "Version"]);
    writeFileSync(join(into, "VERSION"), version + "\n");
    return version;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
