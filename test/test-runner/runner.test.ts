// `spar test` in-process: scripts against the bare-metal guests, their TAP and JUnit reports byte
// for byte (with the times masked), the exit status, and the progress line on a terminal only.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testCommand, testHelp } from "../../cmd/test-runner/command.ts";
import { ProgressLine, progressText } from "../../cmd/test-runner/progress.ts";
import { guestBin } from "../machine/boot-machine.ts";

const dir = mkdtempSync(join(tmpdir(), "spar-runner-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Run `spar test ARGS` in-process; times in the reports are masked as 9.9 (TAP) and 9.999 (JUnit). */
async function run(args: string[], tty = false) {
  let stdout = "", stderr = "";
  const status = await testCommand(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: tty, columns: 60 },
    env: {},
  });
  const masked = (text: string) => text.replace(/\(\d+\.\d s\)/g, "(9.9 s)").replace(/time="\d+\.\d{3}"/g, 'time="9.999"');
  return { status, stdout: masked(stdout), stderr };
}

const hello = script("hello.yaml", `args: [-bios, ${guestBin("hello-le")}]
steps:
  - expect: Hello
  - expect: '^exit 0$'
  - exit: 0
`);

const goodbye = script("goodbye.yaml", `args: [-bios, ${guestBin("hello-be")}]
steps:
  - expect: Hello
  - expect: Goodbye
  - exit: 0
`);

const echo = script("echo.yaml", `args: -bios ${guestBin("echo-le")}
timeout: 0.3
steps:
  - expect: 'echo> $'
  - send: 'ping\\r'
  - expect: '^echo: ping$'
  - expect: never
  - exit: 0
`);

describe("spar test", () => {
  test("a passing script: TAP, status 0", async () => {
    expect(await run([hello])).toEqual({
      status: 0,
      stdout: `TAP version 13
1..3
ok 1 - expect /Hello/ (9.9 s)
ok 2 - expect /^exit 0$/ (9.9 s)
ok 3 - exit 0 (9.9 s)
# 3 passed, 0 failed, 0 skipped
`,
      stderr: "",
    });
  });

  test("a failing expectation: not ok, the console's tail, the rest skipped, status 1", async () => {
    expect(await run([goodbye])).toEqual({
      status: 1,
      stdout: `TAP version 13
1..3
ok 1 - expect /Hello/ (9.9 s)
not ok 2 - expect /Goodbye/ (9.9 s)
# the guest stopped with status 0 before /Goodbye/ appeared
# last console lines:
#   Hello from a POWER guest
#   exit 0
ok 3 - exit 0 # SKIP not run: step 2 failed
# 1 passed, 1 failed, 1 skipped
`,
      stderr: "",
    });
  });

  test("a timeout stops the guest and reports where it was", async () => {
    const { status, stdout } = await run([echo]);
    expect(status).toBe(1);
    expect(stdout).toBe(`TAP version 13
1..5
ok 1 - expect /echo> $/ (9.9 s)
ok 2 - send "ping\\r" (9.9 s)
ok 3 - expect /^echo: ping$/ (9.9 s)
not ok 4 - expect /never/ (9.9 s)
# timed out after 0.3 s waiting for /never/
# last console lines:
#   echo> echo: ping
#   echo> 
ok 5 - exit 0 # SKIP not run: step 4 failed
# 3 passed, 1 failed, 1 skipped
`);
  });

  test("JUnit on stdout, or into a file beside the TAP", async () => {
    const junit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="spar test" tests="3" failures="1" errors="0" skipped="1" time="9.999">
  <testsuite name="goodbye" file="${goodbye}" tests="3" failures="1" errors="0" skipped="1" time="9.999">
    <testcase classname="goodbye" name="1 expect /Hello/" time="9.999"/>
    <testcase classname="goodbye" name="2 expect /Goodbye/" time="9.999">
      <failure message="the guest stopped with status 0 before /Goodbye/ appeared">last console lines:
Hello from a POWER guest
exit 0</failure>
    </testcase>
    <testcase classname="goodbye" name="3 exit 0" time="9.999">
      <skipped message="not run after a failed step"/>
    </testcase>
  </testsuite>
</testsuites>
`;
    expect(await run(["--format", "junit", goodbye])).toEqual({ status: 1, stdout: junit, stderr: "" });
    const file = join(dir, "report.xml");
    const { status, stdout } = await run([goodbye, `--junit=${file}`]);
    expect(status).toBe(1);
    expect(stdout).toStartWith("TAP version 13\n");
    expect(readFileSync(file, "utf8").replace(/time="\d+\.\d{3}"/g, 'time="9.999"')).toBe(junit);
  });

  test("usage mistakes and bad scripts: one line, status 1, nothing on stdout", async () => {
    const bad = script("bad.yaml", "args: -bios x.bin\nsteps:\n  - exit: 0\n");
    writeFileSync(join(dir, "bad.gz"), new Uint8Array([0x1f, 0x8b, 0, 0, 0, 0]));
    const badKernel = script("bad-kernel.yaml", "args: -kernel bad.gz\nsteps:\n  - exit: 0\n");
    expect(await run([])).toEqual({ status: 1, stdout: "", stderr: "spar: test: expected a script file; see spar test --help\n" });
    expect(await run([hello, goodbye])).toEqual({ status: 1, stdout: "", stderr: "spar: test: one script at a time; see spar test --help\n" });
    expect(await run(["--format", "xml", hello])).toEqual({ status: 1, stdout: "", stderr: "spar: test --format xml: expected tap or junit\n" });
    expect(await run(["--junit"])).toEqual({ status: 1, stdout: "", stderr: "spar: test --junit: requires an argument\n" });
    expect(await run(["--verbose", hello])).toEqual({ status: 1, stdout: "", stderr: "spar: test --verbose: unknown option; see spar test --help\n" });
    expect(await run([bad])).toEqual({ status: 1, stdout: "", stderr: `spar: ${bad}:1: args: -bios ${join(dir, "x.bin")}: no such file (expected the path of an existing file)\n` });
    // A guest that cannot be loaded: the script's name, then spar's one line.
    const loadFailure = await run([badKernel]);
    expect(loadFailure).toMatchObject({ status: 1, stdout: "" });
    expect(loadFailure.stderr).toStartWith(`spar: ${badKernel}: -kernel ${join(dir, "bad.gz")}: is not valid gzip (`);
    expect(loadFailure.stderr.split("\n")).toHaveLength(2);
  });

  test("--help documents the script format", async () => {
    const { status, stdout } = await run(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toBe(testHelp());
    for (const word of ["args:", "timeout:", "expect:", "send:", "exit:", "--junit FILE", "--format tap|junit"]) expect(stdout).toContain(word);
  });
});

describe("the progress line", () => {
  test("says the step, what it waits for, the time and the guest instructions", () => {
    expect(progressText(1, 6, "expect /login: /", 3.44, 412_345_678)).toBe("[2/6] expect /login: /  3.4 s  412 M instructions");
  });

  test("is rewritten in place, cut to the terminal's width and cleared at the end; only on a terminal", () => {
    let out = "";
    const line = ProgressLine.on({ write: (text: string) => (out += text), isTTY: true, columns: 20 })!;
    line.show("[1/2] expect /x/  0.1 s");
    line.show("short");
    line.clear();
    line.clear();
    expect(out).toBe("\r\x1b[2K[1/2] expect /x/  …\r\x1b[2Kshort\r\x1b[2K");
    expect(ProgressLine.on({ write: () => {}, isTTY: false })).toBeUndefined();
  });

  test("a run on a terminal leaves the terminal clean; without one, stderr stays empty", async () => {
    const slow = script("slow.yaml", `args: -bios ${guestBin("echo-le")}\nsteps:\n  - expect: never\n    timeout: 1\n`);
    const { stderr } = await run([slow], true);
    expect(stderr).toMatch(/^(\r\x1b\[2K\[1\/1\] expect \/never\/  \d\.\d s  \d+ M instructions)+\r\x1b\[2K$/);
    expect((await run([slow])).stderr).toBe("");
  });
});
