// Test scripts are read and checked whole before anything boots; every mistake is one line naming
// the file, the line, the step and the problem.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScript } from "../../cmd/test-runner/script.ts";
import { decodeEscapes, showEscaped } from "../../cmd/test-runner/escapes.ts";
import { splitShellWords } from "../../cmd/test-runner/shell-words.ts";
import { guestBin } from "../machine/boot-machine.ts";

const dir = mkdtempSync(join(tmpdir(), "spar-script-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "guest.bin"), new Uint8Array(16));

let count = 0;
/** Write the script text to a file of its own and load it. */
function load(text: string, name = `script-${++count}.yaml`) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return { file, script: () => loadScript(file, {}) };
}

function problem(text: string, name?: string): string {
  const { script } = load(text, name);
  try {
    script();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the script was accepted");
}

describe("a valid script", () => {
  test("YAML: args as one string, relative files from the script's directory, timeouts, escapes", () => {
    const { file, script } = load(`# a comment
args: -m 256M -bios guest.bin -name "a b"
timeout: 5
steps:
  - expect: '^login: $'
  - send: 'root\\n'
  - expect: done
    timeout: 0.5
  - exit: 0
`);
    const { config, steps } = script();
    expect(config.name).toBe("a b");
    expect(config.bios).toBe(join(dir, "guest.bin"));
    expect(config.memory).toBe(256 * 1024 * 1024);
    expect(steps).toEqual([
      { kind: "expect", pattern: /^login: $/m, timeout: 5 },
      { kind: "send", bytes: new TextEncoder().encode("root\n") },
      { kind: "expect", pattern: /done/m, timeout: 0.5 },
      { kind: "exit", status: 0, timeout: 5 },
    ]);
    expect(file.endsWith(".yaml")).toBe(true);
  });

  test("JSON: args as a list, the default timeout of 30 s", () => {
    const { script } = load(JSON.stringify({ args: ["-bios", guestBin("hello-le")], steps: [{ expect: "Hello" }, { exit: 0 }] }), "script.json");
    const { config, steps } = script();
    expect(config.bios).toBe(guestBin("hello-le"));
    expect(steps.map((step) => (step.kind === "send" ? 0 : step.timeout))).toEqual([30, 30]);
  });
});

describe("mistakes are one line naming the file, the line and the step", () => {
  const args = "args: -bios guest.bin\n";
  const at = (line: number) => `${join(dir, `script-${count}.yaml`)}:${line}: `;

  test("an unknown step", () => {
    expect(problem(`${args}steps:\n  - expect: x\n  - expec: y\n`)).toBe(`${at(4)}step 2: unknown step 'expec'; expected expect, send or exit`);
  });

  test("a bad regular expression", () => {
    expect(problem(`${args}steps:\n  - expect: 'a(b'\n`)).toBe(`${at(3)}step 1: expect: bad regular expression: Invalid regular expression: missing )`);
  });

  test("missing fields", () => {
    expect(problem(`${args}`)).toBe(`${at(1)}steps: missing; expected a list of steps`);
    expect(problem(`steps:\n  - exit: 0\n`)).toBe(`${at(1)}args: missing; expected the machine's command line (a string, or a list of strings)`);
    expect(problem(`${args}steps:\n  - expect:\n`)).toBe(`${at(3)}step 1: expect: expected a regular expression`);
    expect(problem(`${args}steps: []\n`)).toBe(`${at(2)}steps: expected at least one step`);
    expect(problem("")).toBe(`${at(1).slice(0, -4)}: expected a mapping with args, steps and optionally timeout`);
  });

  test("unknown keys, two kinds in one step, wrong types", () => {
    expect(problem(`${args}step:\n  - exit: 0\n`)).toBe(`${at(2)}unknown key 'step'; accepted: args, timeout, steps`);
    expect(problem(`${args}steps:\n  - send: x\n    timeout: 3\n`)).toBe(`${at(4)}step 1: send takes no 'timeout'; accepted: send`);
    expect(problem(`${args}steps:\n  - expect: x\n    send: y\n`)).toBe(`${at(3)}step 1: one step does one thing; found expect and send: make them separate steps`);
    expect(problem(`${args}steps:\n  - hello\n`)).toBe(`${at(3)}step 1: expected a mapping such as {expect: REGEX}, {send: TEXT} or {exit: STATUS}`);
    expect(problem(`${args}steps:\n  - expect: x\n    timeout: 0\n`)).toBe(`${at(4)}step 1: timeout: expected a number of seconds above 0`);
    expect(problem(`${args}timeout: soon\nsteps:\n  - exit: 0\n`)).toBe(`${at(2)}timeout: expected a number of seconds`);
    expect(problem(`${args}steps:\n  - exit: 1.5\n`)).toBe(`${at(3)}step 1: exit: expected an exit status (a whole number, 0 or more)`);
    expect(problem(`${args}steps:\n  - send: 'x\\q'\n`)).toBe(`${at(3)}step 1: send: unknown escape \\q; accepted: \\n \\r \\t \\e \\\\ \\xHH`);
  });

  test("the machine's arguments fail as they would on the command line", () => {
    const steps = "steps:\n  - exit: 0\n";
    expect(problem(`args: -m banana -bios guest.bin\n${steps}`)).toStartWith(`${at(1)}args: -m banana: expected a size`);
    expect(problem(`args: -bios missing.bin\n${steps}`)).toBe(`${at(1)}args: -bios ${join(dir, "missing.bin")}: no such file (expected the path of an existing file)`);
    expect(problem(`args: -cpu help\n${steps}`)).toBe(`${at(1)}args: asks for help, but a test needs a machine to boot`);
    expect(problem(`args: "-append 'open"\n${steps}`)).toBe(`${at(1)}args: unterminated ' quote in: -append 'open`);
    expect(problem(`args: ""\n${steps}`)).toBe(`${at(1)}args: expected the machine's command line, e.g. -bios guest.bin`);
  });

  test("YAML syntax errors give the line and column", () => {
    expect(problem(`${args}steps:\n  - expect: "\\d+"\n`)).toBe(
      `${at(3).slice(0, -2)}:14: not valid YAML or JSON: Invalid escape sequence \\d (in double quotes YAML reads the backslashes: put regular expressions in single quotes)`,
    );
    expect(problem(`${args}args: x\nsteps: []\n`)).toBe(`${at(2).slice(0, -2)}:1: not valid YAML or JSON: Map keys must be unique`);
  });

  test("a missing file or a directory", () => {
    expect(() => loadScript(join(dir, "none.yaml"), {})).toThrow(`${join(dir, "none.yaml")}: no such file`);
    expect(() => loadScript(dir, {})).toThrow(`${dir}: not a regular file`);
  });
});

describe("arguments as one string split as a shell splits them", () => {
  test("quotes, backslashes, empty words; no expansion", () => {
    expect(splitShellWords(`-append "console=hvc0 root=/dev/ram" -name 'a b' x\\ y "q\\"$HOME" '' ""`)).toEqual([
      "-append",
      "console=hvc0 root=/dev/ram",
      "-name",
      "a b",
      "x y",
      'q"$HOME',
      "",
      "",
    ]);
    expect(splitShellWords(" a\t b \\\n c ")).toEqual(["a", "b", "c"]);
    expect(() => splitShellWords(`-append "open`)).toThrow(`unterminated " quote in: -append "open`);
  });
});

describe("send escapes", () => {
  const bytes = (text: string) => {
    const decoded = decodeEscapes(text);
    if ("error" in decoded) throw new Error(decoded.error);
    return [...decoded.bytes];
  };

  test("decode to bytes: UTF-8 text, \\n \\r \\t \\e \\\\ and any byte as \\xHH", () => {
    expect(bytes("a\\n\\r\\t\\e\\\\\\x03é\\xff")).toEqual([0x61, 0x0a, 0x0d, 0x09, 0x1b, 0x5c, 0x03, 0xc3, 0xa9, 0xff]);
    expect(decodeEscapes("\\x1")).toEqual({ error: "unknown escape \\x1; accepted: \\n \\r \\t \\e \\\\ \\xHH" });
    expect(decodeEscapes("end\\")).toEqual({ error: "a \\ ends the text; write \\\\ for a backslash" });
  });

  test("reports show sent bytes escaped again, on one line", () => {
    expect(showEscaped(new Uint8Array(bytes('ls "x"\\n\\x03\\\\é')))).toBe('ls "x"\\n\\x03\\\\\\xc3\\xa9');
  });
});
