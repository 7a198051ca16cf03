// -display tui --config FILE: the guests file, validated by zod and by each guest's own command
// line; every mistake is one line naming the file and the place in it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, parseInvocation } from "../../cmd/command-line.ts";

let dir: string;
let bios: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "spar-guests-"));
  bios = join(dir, "hello.bin");
  writeFileSync(bios, "x");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write a guests file and run `spar -display tui --config FILE`. */
function invoke(yaml: string, extra: string[] = []) {
  const file = join(dir, `guests-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml.replaceAll("BIOS", bios));
  return { file, result: parseInvocation(["-display", "tui", "--config", file, ...extra], {}) };
}

function errorOf(yaml: string, extra: string[] = []): string {
  const { file, result } = invoke(yaml, extra);
  if (result.kind !== "exit") throw new Error(`expected an error, got ${result.kind}`);
  expect(result.status).toBe(1);
  expect(result.stderr.trimEnd()).not.toContain("\n");
  return result.stderr.trimEnd().replace(file, "FILE");
}

test("each guest's command line becomes its MachineConfig; names from the file, -name or the image", () => {
  const ok = invoke(`
guests:
  - name: big
    args: [-cpu, POWER8, -m, 1G, -bios, BIOS]
  - args: [-name, small, -m, 256M, -bios, BIOS]
  - args: [-nographic, -bios, BIOS]
`).result;
  if (ok.kind !== "guests") throw new Error(ok.kind === "exit" ? ok.stderr : "");
  expect(ok.guests.map((g) => [g.name, g.config.memory, g.config.cpu.name])).toEqual([
    ["big", 1 << 30, "power8_v2.0"],
    ["small", 256 << 20, "power9_v2.0"],
    ["hello", 512 << 20, "power9_v2.0"],
  ]);
});

test("the file's shape: YAML, known keys, a list of guests, at most 8, unique names", () => {
  expect(errorOf("guests: [")).toMatch(/^spar: --config FILE: not valid YAML: /);
  expect(errorOf("guests:\n  - {args: [-bios, BIOS], memory: 1G}")).toBe('spar: --config FILE: guests.0: Unrecognized key: "memory"');
  expect(errorOf("guests:\n  - {args: -bios BIOS}")).toBe("spar: --config FILE: guests.0.args: expected the guest's command line as a list, e.g. [-m, 1G, -bios, hello.bin]");
  expect(errorOf("guests: []")).toBe("spar: --config FILE: guests: expected at least one guest");
  expect(errorOf(`guests:\n${"  - {args: [-bios, BIOS]}\n".repeat(9)}`)).toBe("spar: --config FILE: guests: at most 8 guests");
  expect(errorOf("guests:\n  - {name: 'a b', args: [-bios, BIOS]}")).toBe("spar: --config FILE: guests.0.name: expected 1 to 24 letters, digits, '.', '_' or '-'");
  expect(errorOf("guests:\n  - {args: [-bios, BIOS]}\n  - {args: [-m, 1G, -bios, BIOS]}")).toBe("spar: --config FILE: guests.1: a second guest named hello; give each a different name");
  expect(errorOf("[1, 2]")).toBe("spar: --config FILE: expected a mapping with a guests list");
  expect(errorOf("guest:\n  - {args: [-bios, BIOS]}")).toMatch(/^spar: --config FILE: (guests: .*|Unrecognized key: "guest")$/);
});

test("a guest's command line is checked as spar checks its own, and may not redirect its console", () => {
  expect(errorOf("guests:\n  - {args: [-m, banana]}")).toMatch(/^spar: --config FILE: guests\.0\.args: -m banana: expected a size/);
  expect(errorOf("guests:\n  - {args: [-bios, BIOS, -serial, file:/tmp/x]}")).toBe("spar: --config FILE: guests.0.args: the dashboard shows each guest's console: leave -display and -serial out");
  expect(errorOf("guests:\n  - {args: [-cpu, help]}")).toBe("spar: --config FILE: guests.0.args: asks for help instead of describing a guest");
  expect(errorOf("guests:\n  - {args: [--config, other.yaml]}")).toMatch(/guests\.0\.args: --config: lists several guests, so it goes on spar's own command line/);
});

test("--config goes with -display tui and nothing else; a missing file is named", () => {
  expect(parseInvocation(["--config", "x.yaml"], {})).toMatchObject({ kind: "exit", stderr: "spar: --config: several guests need the dashboard: add -display tui\n" });
  expect(errorOf("guests:\n  - {args: [-bios, BIOS]}", ["-m", "1G"])).toBe("spar: -m: with --config each guest's options come from the file; only -display tui goes with it");
  expect(parseInvocation(["-display", "tui", "--config", join(dir, "none.yaml")], {})).toMatchObject({ kind: "exit", stderr: `spar: --config ${join(dir, "none.yaml")}: cannot read it (ENOENT)\n` });
  expect(parseCommandLine(["--config", "x.yaml"], {})).toMatchObject({ kind: "exit", status: 1 });
  expect(parseInvocation(["--config", "x.yaml", "--help"], {})).toMatchObject({ kind: "exit", status: 0 });
});
