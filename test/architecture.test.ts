// The tree shows the architecture: dependencies point down (cmd -> machine -> cpu/mmu/devices,
// firmware beside them) and never up. This reads every import and checks the direction.
import { expect, test } from "bun:test";
import { Glob } from "bun";
import { dirname, join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
/** What each layer may import, besides itself. */
const ALLOWED: Record<string, string[]> = {
  "vmm/mmu": [],
  "vmm/cpu": ["vmm/mmu"],
  "vmm/devices": ["vmm/mmu"],
  firmware: [],
  "vmm/machine": ["vmm/cpu", "vmm/mmu", "vmm/devices", "firmware"],
  tui: ["vmm/machine", "vmm/cpu", "vmm/devices"],
  cmd: ["vmm/machine", "vmm/cpu", "tui"],
};

function layerOf(path: string): string | undefined {
  return Object.keys(ALLOWED).find((layer) => path === layer || path.startsWith(layer + "/"));
}

test("imports point down the layers", async () => {
  const violations: string[] = [];
  for await (const file of new Glob("{cmd,vmm,firmware,tui}/**/*.{ts,tsx}").scan(ROOT)) {
    const from = layerOf(file)!;
    const text = await Bun.file(join(ROOT, file)).text();
    for (const [, spec] of text.matchAll(/^import[^;]*?from "(\.[^"]+)"/gms)) {
      const target = relative(ROOT, join(dirname(join(ROOT, file)), spec));
      const to = layerOf(target);
      if (to && to !== from && !ALLOWED[from].includes(to)) violations.push(`${file} imports ${target}`);
    }
  }
  expect(violations).toEqual([]);
});
