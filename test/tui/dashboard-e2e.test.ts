// End to end: `spar -display tui` in a real pseudo-terminal (tmux, 80x24), read back from the
// screen as a user sees it: the guest's row with a non-zero MIPS figure while it runs, its console
// text, then the stopped state, and q quitting with the guest's status. SPAR_BIN runs the same
// checks against the single binary (CI does, after `bun run build`). It types into the bundled
// guest's shell and reads the answer, and into the Debian guest's when `bun run guest:debian` has
// fetched it. Without tmux the tests show as skipped.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEBIAN_INITRD, DEBIAN_KERNEL, debianFetched } from "../guests/linux/fetch-debian.ts";

const ROOT = join(import.meta.dir, "../..");
const SPAR = process.env.SPAR_BIN ? [process.env.SPAR_BIN] : ["bun", join(ROOT, "cmd/spar.ts")];
const hasTmux = Bun.spawnSync(["sh", "-c", "command -v tmux"]).exitCode === 0;
const hasDebian = debianFetched();

/** A private tmux server, so the test never touches a user's sessions. */
const SOCKET = `spar-e2e-${process.pid}`;
const tmux = (...args: string[]) => Bun.spawnSync(["tmux", "-L", SOCKET, ...args], { stdout: "pipe", stderr: "pipe" });
afterAll(() => void (hasTmux && tmux("kill-server")));

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Start spar in an 80x24 terminal; its exit status lands in a file when it ends. */
function startSpar(session: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "spar-e2e-"));
  const status = join(dir, "status"), stderr = join(dir, "stderr");
  const command = `${[...SPAR, ...args].map(quote).join(" ")} 2>${quote(stderr)}; echo $? > ${quote(status)}; sleep 600`;
  const started = tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command);
  if (started.exitCode !== 0) throw new Error(`tmux: ${started.stderr}`);
  const screen = () => tmux("capture-pane", "-p", "-t", session).stdout.toString();
  return {
    screen,
    keys: (...keys: string[]) => tmux("send-keys", "-t", session, ...keys),
    /** Poll the screen until `check` passes; fail with the last screen if it never does. */
    async until(what: string, check: (screen: string) => boolean, seconds = 60): Promise<string> {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        const shown = screen();
        if (check(shown)) return shown;
        if (Date.now() > deadline) throw new Error(`never saw ${what}; the screen was:\n${shown}\nstderr: ${existsSync(stderr) ? readFileSync(stderr, "utf8") : ""}`);
        await Bun.sleep(100);
      }
    },
    exitStatus: async (seconds = 20) => {
      const deadline = Date.now() + seconds * 1000;
      while (!existsSync(status) || readFileSync(status, "utf8") === "") {
        if (Date.now() > deadline) throw new Error(`spar did not exit; the screen was:\n${screen()}`);
        await Bun.sleep(50);
      }
      return Number(readFileSync(status, "utf8"));
    },
  };
}

/** The MIPS column of the row named `name` while it is running, or undefined. */
function runningMips(screen: string, name: string): number | undefined {
  const row = new RegExp(`${name}\\S*\\s+running\\s+1\\s+\\S+\\s+\\d+\\s+(\\d+\\.\\d)`).exec(screen);
  return row ? Number(row[1]) : undefined;
}

describe.skipIf(!hasTmux)("spar -display tui in a terminal (tmux)", () => {
  test("a bench guest: its row with non-zero MIPS while it runs, its console, stopped, then q quits", async () => {
    const spar = startSpar("bench", ["-display", "tui", "-m", "256M", "-bios", join(ROOT, "test/guests/bin/bench-mpi-le.bin")]);
    const running = await spar.until("the guest row with non-zero MIPS", (s) => (runningMips(s, "bench-mpi") ?? 0) > 0);
    expect(running).toContain("NAME");
    expect(running).toContain("pseries │ power9_v2.0 │ compat none │ MMU hash │ accel tcg");
    await spar.until("the guest's console text", (s) => s.includes("bench-mpi: 32x32-limb"));
    const stopped = await spar.until("the guest stopped", (s) => /bench-mpi\S*\s+stopped 0/.test(s));
    expect(stopped).toMatch(/rtas power-off +1/);
    await spar.until("the last console line", (s) => s.includes("exit 0"));
    spar.keys("q"); // nothing runs any more: no question
    expect(await spar.exitStatus()).toBe(0);
  }, 120_000);

  test("q while the guest runs asks first; n keeps it, y quits", async () => {
    const spar = startSpar("quit", ["-display", "tui", "-m", "256M", "-bios", join(ROOT, "test/guests/bin/bench-sort-le.bin")]);
    await spar.until("the guest running", (s) => /bench-sort\S*\s+running/.test(s));
    spar.keys("q");
    await spar.until("the quit question", (s) => s.includes("Quit spar?"));
    spar.keys("n");
    await spar.until("the question gone", (s) => !s.includes("Quit spar?"));
    spar.keys("C-c");
    await spar.until("the quit question again", (s) => s.includes("Quit spar?"));
    spar.keys("y");
    expect(await spar.exitStatus()).toBe(0);
  }, 120_000);

  test("--config: several guests, each in its own Worker; ↓ switches the console and statistics to the next", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "spar-e2e-")), "guests.yaml");
    const bin = (name: string) => join(ROOT, `test/guests/bin/${name}.bin`);
    writeFileSync(config, `guests:\n  - {name: sorter, args: [-m, 256M, -cpu, POWER8, -bios, ${bin("bench-sort-le")}]}\n  - {name: greeter, args: [-m, 512M, -bios, ${bin("hello-be")}]}\n`);
    const spar = startSpar("config", ["-display", "tui", "--config", config]);
    const both = await spar.until("both guests listed", (s) => /sorter\s+running\s+1\s+256M/.test(s) && /greeter\s+stopped 0\s+1\s+512M/.test(s));
    expect(both).toContain("Console sorter");
    expect(both).toContain("power8_v2.0");
    spar.keys("Down");
    const switched = await spar.until("the second guest's console", (s) => s.includes("Console greeter") && s.includes("Hello from a POWER guest"));
    expect(switched).toMatch(/rtas power-off +1/);
    expect(switched).toContain("power9_v2.0");
    spar.keys("q");
    await spar.until("the quit question (sorter still runs)", (s) => s.includes("Quit spar?"));
    spar.keys("y");
    expect(await spar.exitStatus()).toBe(0);
  }, 120_000);

  const linuxGuests = [
    { title: "the bundled guest (spar -display tui alone)", session: "bundled", args: ["-display", "tui"], row: "spar-linux", present: true },
    {
      title: "the Debian guest (after bun run guest:debian)",
      session: "debian",
      args: ["-display", "tui", "-m", "1G", "-kernel", DEBIAN_KERNEL, "-initrd", DEBIAN_INITRD, "-append", "console=hvc0 quiet"],
      row: "vmlinux",
      present: hasDebian,
    },
  ];
  for (const guest of linuxGuests) {
    test.skipIf(!guest.present)(`${guest.title}: boots in the dashboard, its shell answers typed commands, poweroff stops it`, async () => {
      const spar = startSpar(guest.session, guest.args);
      await spar.until("the guest row with non-zero MIPS", (s) => (runningMips(s, guest.row) ?? 0) > 0);
      await spar.until("/init's greeting", (s) => s.includes("Type 'poweroff' to stop the machine"), 240);
      await spar.until("the MMU chosen by the kernel", (s) => s.includes("MMU radix"));
      await spar.until("the shell's prompt", (s) => /^[│║]root@spar:~# +[│║]/m.test(s), 60);
      spar.keys("Tab");
      await spar.until("the console focused", (s) => s.includes("keys go to the guest"));
      spar.keys("uname -m", "Enter");
      await spar.until("the shell's answer", (s) => /^[║│]ppc64le /m.test(s), 60);
      spar.keys("poweroff", "Enter");
      await spar.until("the guest stopped", (s) => new RegExp(`${guest.row}\\S*\\s+stopped 0`).test(s), 60);
      spar.keys("C-a", "x"); // nothing runs: QEMU's quit key leaves at once
      expect(await spar.exitStatus()).toBe(0);
    }, 400_000);
  }
});
