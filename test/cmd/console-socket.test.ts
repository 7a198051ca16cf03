// The console on a unix socket (-serial unix:…, -chardev socket + -serial chardev:), and the way
// spar ends on SIGTERM: the terminal back out of raw mode, status 0 as in QEMU.
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "../..");
const HELLO = "test/guests/bin/hello-le.bin";

function start(...args: string[]) {
  return Bun.spawn(["bun", "cmd/spar.ts", "-nographic", ...args], { cwd: root, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await Bun.sleep(25);
}

/** Everything a client reads from the socket until spar closes it. */
function readAll(path: string): Promise<string> {
  let text = "";
  return new Promise((resolve) => {
    void Bun.connect({ unix: path, socket: { data: (_, d) => void (text += d.toString()), close: () => resolve(text) } });
  });
}

function withDir(run: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "spar-socket-"));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("-serial unix:PATH,server=on waits for a client, gives it the console, and removes the socket", withDir(async (dir) => {
  const path = join(dir, "console.sock");
  const spar = start("-serial", `unix:${path},server=on`, "-bios", HELLO);
  await waitForFile(path);
  expect(await readAll(path)).toBe("Hello from a POWER guest\nexit 0\n");
  expect(await spar.exited).toBe(0);
  expect(existsSync(path)).toBe(false);
}));

test("-chardev socket,…,wait=off with -serial chardev:ID runs without a client; SIGTERM ends it with status 0", withDir(async (dir) => {
  const path = join(dir, "console.sock");
  const spar = start("-S", "-chardev", `socket,id=con,path=${path},server=on,wait=off`, "-serial", "chardev:con", "-bios", HELLO);
  const stderr = spar.stderr.getReader();
  const first = new TextDecoder().decode((await stderr.read()).value);
  expect(first).toBe("spar: machine paused (-S): press Ctrl-A c to start it\n"); // the machine is up, waiting
  expect(existsSync(path)).toBe(true);
  spar.kill("SIGTERM");
  expect(await spar.exited).toBe(0);
  let rest = "";
  for (let chunk = await stderr.read(); !chunk.done; chunk = await stderr.read()) rest += new TextDecoder().decode(chunk.value);
  expect(rest).toBe("spar: terminating on signal SIGTERM\n");
  expect(existsSync(path)).toBe(false);
}));

test.skipIf(!Bun.which("script"))("the terminal leaves raw mode when a signal ends spar", () => {
  // Under script(1)'s pseudo-terminal: the terminal's mode while spar runs, then after SIGTERM.
  const shell = `bun cmd/spar.ts -nographic -S -bios ${HELLO} </dev/tty 2>/dev/null & pid=$!; sleep 1.5; ` +
    `stty -a </dev/tty | grep -o -- '-\\?icanon'; kill -TERM $pid; wait $pid; echo status $?; stty -a </dev/tty | grep -o -- '-\\?icanon'`;
  const result = Bun.spawnSync(["script", "-qec", shell, "/dev/null"], { cwd: root, stdin: "ignore", env: { ...process.env, SHELL: "/bin/sh" } });
  expect(result.stdout.toString().replaceAll("\r", "")).toBe("-icanon\nstatus 0\nicanon\n");
}, 20_000);
