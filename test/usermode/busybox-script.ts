// The busybox script both sides run: qemu-ppc64le when recording (record-busybox.ts) and spar
// when testing (busybox.test.ts). Each step is one busybox applet run in the sandbox directory;
// steps chain through files: a step's stdout can be saved for later steps, and an applet's own
// output files are compared too. The inputs are the committed inputs/ files and a generated
// ~1 MiB text file for the checksums (and the speed measurement).

import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Step {
  /** The test's title. */
  name: string;
  /** The applet and its arguments (argv after "busybox"). */
  args: string[];
  /** A sandbox file fed to stdin (otherwise stdin is empty). */
  stdin?: string;
  /** A sandbox file that receives the step's stdout, for the steps after it. */
  stdoutTo?: string;
  /** Sandbox files the applet writes itself. */
  writes?: string[];
  /** Tens of millions of instructions or more: run on one CPU model only. */
  heavy?: boolean;
}

export { BUSYBOX, BUSYBOX_DIR } from "../guests/linux/fetch-busybox.ts";
export const FIXTURE = join(import.meta.dir, "fixtures", "busybox-expected.json");
/** The environment both sides give busybox. */
export const ENV = ["PATH=/bin:/usr/bin", "HOME=/", "LC_ALL=C"];
/** The CPU both sides run: qemu-ppc64le -cpu power8, and the POWER8 the harness's auxiliary vector describes. */
export const QEMU_CPU = "power8";

const INPUTS = join(import.meta.dir, "inputs");
export const BIG_FILE = "big.txt";
const MEDIUM_FILE = "medium.txt";

/** Copy the committed inputs into `dir` and generate big.txt (about 1 MiB) and medium.txt (its first 6000 lines). */
export function prepareSandbox(dir: string): void {
  for (const name of readdirSync(INPUTS)) copyFileSync(join(INPUTS, name), join(dir, name));
  writeFileSync(join(dir, BIG_FILE), generatedText(30000));
  writeFileSync(join(dir, MEDIUM_FILE), generatedText(6000));
}

/** Deterministic text lines (a linear congruential generator picks the words and numbers). */
function generatedText(count: number): string {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
  let x = 12345;
  const lines: string[] = [];
  for (let i = 0; lines.length < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    lines.push(`${String(i).padStart(6, "0")} ${x.toString(16).padStart(8, "0")} ${words[x % 12]} ${words[(x >>> 8) % 12]} ${(x % 100000) / 100}`);
  }
  return lines.join("\n") + "\n";
}

const AWK_FORMATS = '{ printf "%-12s %8.3f %12.4e %10g %6d\\n", $1, $3, $3 * $4, $3 / 7, int($3 * 100) }';
const AWK_AVERAGES = '{ sum[$2] += $3; n[$2]++ } END { for (c in sum) printf "%s %.4f %d\\n", c, sum[c] / n[c], n[c] }';
const AWK_MAGNITUDES = 'BEGIN { x = 1; for (i = 0; i < 12; i++) { printf "%g %e %.3f %G\\n", x / 3, -x / 7, x * 1.5, x * 1e10; x *= 10 } }';
const AWK_CONVERSIONS =
  'BEGIN { printf "%d %d %.0f %x %o %c\\n", 2147483647 + 1, -7.9, 2.5, 255, 8, 65; ' +
  'print 1e300 * 10, -1e-300 / 1e10, 0.1 + 0.2, 1 / 3, 100000 * 100000; ' +
  'printf "%5.2f|%-8.3e|%+g|%G|%.10g|%#x\\n", 3.14159, 0.000123456, 1e-5, 1e20, 2 / 3, 255; ' +
  'print int(3.9), int(-3.9), int("42abc"), "3.0" + 0, 7 % 3, -7 % 3, 7.5 % 2 }';
const AWK_RATIOS = '{ q = $4 / $3; printf "%s %d %.2f %s\\n", $1, q, q, (q > 20 ? "many" : "few") }';
const AWK_TOTAL = '{ total += $3 * $4; price += $3 } END { printf "total %.3f over %d items, mean price %.4f\\n", total, NR, price / NR }';

export const STEPS: Step[] = [
  { name: "sort", args: ["sort", "inventory.txt"], stdoutTo: "sorted.txt" },
  { name: "sort by two keys, the second numeric", args: ["sort", "-k2,2", "-k3,3n", "inventory.txt"], stdoutTo: "by-category.txt" },
  { name: "sort -n on a key", args: ["sort", "-n", "-k3", "inventory.txt"] },
  { name: "sort -rn", args: ["sort", "-rn", "-k4", "inventory.txt"] },
  { name: "sort -g (general numeric, strtod)", args: ["sort", "-k3,3g", "-r", "inventory.txt"] },
  { name: "sort -u on a key", args: ["sort", "-u", "-k2,2", "inventory.txt"] },
  { name: "sort -o writes its output file", args: ["sort", "-o", "sorted-o.txt", "-k4n", "inventory.txt"], writes: ["sorted-o.txt"] },
  { name: "sort from stdin", args: ["sort", "-r"], stdin: "inventory.txt" },
  { name: "sort of a missing file fails", args: ["sort", "missing.txt"] },
  { name: "awk floating-point sums and division", args: ["awk", AWK_TOTAL, "inventory.txt"] },
  { name: "awk printf %f %e %g %d", args: ["awk", AWK_FORMATS, "inventory.txt"], stdoutTo: "formatted.txt" },
  { name: "awk averages by category", args: ["awk", AWK_AVERAGES, "inventory.txt"], stdoutTo: "averages.txt" },
  { name: "sort the awk averages", args: ["sort", "averages.txt"] },
  { name: "awk %g and %e across magnitudes", args: ["awk", AWK_MAGNITUDES] },
  { name: "awk integer conversions and edge values", args: ["awk", AWK_CONVERSIONS] },
  { name: "awk ratios with int()", args: ["awk", AWK_RATIOS, "by-category.txt"] },
  { name: "sed substitution with groups", args: ["sed", "s/\\([a-z]*\\) \\([a-z]*\\)/\\2:\\1/", "inventory.txt"], stdoutTo: "swapped.txt" },
  { name: "sed address range", args: ["sed", "-n", "/^almond/,/^walnut/p", "inventory.txt"] },
  { name: "sed delete lines, then global substitution", args: ["sed", "2,5d;s/[0-9]/#/g", "inventory.txt"] },
  { name: "sed -E groups and y///", args: ["sed", "-E", "s/([0-9]+)\\.([0-9]+)/\\2,\\1/g;y/abc/ABC/", "sorted.txt"] },
  { name: "sed line numbers in a range", args: ["sed", "-n", "10,12{=;p}", "swapped.txt"] },
  { name: "cut a column", args: ["cut", "-d", " ", "-f2", "by-category.txt"], stdoutTo: "categories.txt" },
  { name: "uniq -c", args: ["uniq", "-c", "categories.txt"] },
  { name: "tr from stdin", args: ["tr", "a-z", "A-Z"], stdin: "formatted.txt" },
  { name: "wc", args: ["wc", "inventory.txt", MEDIUM_FILE], heavy: true },
  { name: "md5sum of files", args: ["md5sum", "inventory.txt", "sorted.txt", "by-category.txt", "formatted.txt"], stdoutTo: "sums.md5" },
  { name: "md5sum -c", args: ["md5sum", "-c", "sums.md5"] },
  { name: "md5sum from stdin", args: ["md5sum"], stdin: "swapped.txt" },
  { name: "sha256sum of files", args: ["sha256sum", "inventory.txt", "swapped.txt", "averages.txt"], stdoutTo: "sums.sha256" },
  { name: "sha256sum -c", args: ["sha256sum", "-c", "sums.sha256"] },
  { name: "md5sum of 1 MiB", args: ["md5sum", BIG_FILE], heavy: true },
  { name: "sha256sum of 1 MiB", args: ["sha256sum", BIG_FILE], heavy: true },
  { name: "sha512sum of 1 MiB", args: ["sha512sum", BIG_FILE], heavy: true },
  // Heavier runs: a lot of code, and heaps that grow through the soft-TLB slots the stack uses.
  { name: "gzip", args: ["gzip", "-c", MEDIUM_FILE], stdoutTo: "medium.gz", heavy: true },
  { name: "gzip -d", args: ["gzip", "-dc", "medium.gz"], heavy: true },
  { name: "bzip2", args: ["bzip2", "-c", MEDIUM_FILE], stdoutTo: "medium.bz2", heavy: true },
  { name: "bzip2 -d", args: ["bzip2", "-dc", "medium.bz2"], heavy: true },
  { name: "diff (lseek and sysinfo)", args: ["diff", "inventory.txt", "sorted.txt"] },
];
