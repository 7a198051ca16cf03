// The whole dashboard on fake guests: layout at 80x24 and after a resize, focus and keys,
// selecting a guest, the quit question, and the statistics rows it derives from the counters.
import { afterEach, expect, test } from "bun:test";
import { cleanup, render } from "ink-testing-library";
import { Dashboard } from "../../tui/dashboard.tsx";
import { DashboardModel } from "../../tui/dashboard-model.ts";
import { FakeGuest } from "./fake-guest.ts";

afterEach(cleanup);
const plain = (frame: string | undefined) => (frame ?? "").replace(/\x1b\[[0-9;]*m/g, "");
const bytes = (s: string) => new TextEncoder().encode(s);

function twoGuests() {
  let quits = 0;
  const model = new DashboardModel(() => quits++);
  const consoles: ((b: Uint8Array) => void)[] = [];
  const guests = ["debian", "hello"].map((name) =>
    model.add((events) => {
      consoles.push(events.console);
      return new FakeGuest(name, name === "hello" ? ["-M", "pseries,accel=kvm,kvm-type=PR", "-cpu", "POWER8"] : []);
    }) as FakeGuest,
  );
  return { model, guests, consoles, quits: () => quits };
}

test("at 80x24 every pane fits: guest rows, console text, statistics, charts and the status bar", () => {
  const { model, guests, consoles } = twoGuests();
  consoles[0](bytes("[    0.000000] Linux version 6.1.0\r\n/ # "));
  guests[0].set("instructions", 1e9);
  model.sample(0);
  guests[0].set("instructions", 1.095e9);
  guests[0].set("busyMs", 990);
  guests[0].counter("hcall", "H_CEDE", 12);
  model.sample(1000);
  const { lastFrame, rerender } = render(<Dashboard model={model} columns={80} rows={24} />);
  const screen = plain(lastFrame()).split("\n");
  expect(screen.length).toBe(24);
  for (const line of screen) expect(line.length).toBeLessThanOrEqual(80);
  const text = screen.join("\n");
  expect(text).toMatch(/▶ debian +running +1 +1G +99 +95\.0/);
  expect(text).toMatch(/ {2}hello +running/);
  expect(text).toContain("Linux version 6.1.0");
  expect(text).toMatch(/hcall H_CEDE +12 +12/);
  expect(text).toContain("MIPS 95.0");
  expect(screen[23]).toStartWith("pseries │ power9_v2.0 │ compat none │ MMU hash │ accel tcg");

  rerender(<Dashboard model={model} columns={100} rows={30} />);
  const resized = plain(lastFrame()).split("\n");
  expect(resized.length).toBe(30);
  expect(Math.max(...resized.map((l) => l.length))).toBe(100);
});

test("below 20 rows the charts give way; nothing is drawn past the terminal", () => {
  const { model } = twoGuests();
  const { lastFrame } = render(<Dashboard model={model} columns={80} rows={16} />);
  const screen = plain(lastFrame()).split("\n");
  expect(screen.length).toBe(16);
  expect(screen.join("\n")).not.toContain("MIPS –");
});

test("Tab moves the focus; the focused console sends keys to the guest until Ctrl-A Tab", () => {
  const { model, guests } = twoGuests();
  expect(model.focus).toBe("guests");
  model.input(bytes("\t"));
  expect(model.focus).toBe("console");
  model.input(bytes("ls -l\tp\x03\r"));
  expect(String.fromCharCode(...guests[0].typed)).toBe("ls -l\tp\x03\r");
  expect(guests[0].asked).toEqual([]);
  model.input(bytes("\x01\t"));
  expect(model.focus).toBe("stats");
  model.input(bytes("\x1b[Z\x1b[Z"));
  expect(model.focus).toBe("guests");
});

test("selecting a guest switches the console, statistics and status bar to it; p and r act on it", () => {
  const { model, guests, consoles } = twoGuests();
  consoles[1](bytes("Hello from a POWER guest\n"));
  model.input(bytes("\x1b[B"));
  expect(model.current).toBe(guests[1]);
  expect(model.consoleLines(40, 5)).toContain("Hello from a POWER guest");
  expect(model.status()).toEqual({ machine: "pseries", cpu: "power8_v2.0", compat: "none", mmu: "hash", accel: "kvm-type PR" });
  expect(model.statRows().map((r) => r.label)).toContain("KVM-PR privileged exits");
  model.input(bytes("pr"));
  expect(guests[1].asked).toEqual(["pause", "reset"]);
  expect(guests[0].asked).toEqual([]);
});

test("q asks first while a guest runs (any key but y stays), and quits at once when none does", () => {
  const { model, guests, quits } = twoGuests();
  model.input(bytes("q"));
  expect(model.dialog).toBe("quit");
  model.input(bytes("n"));
  expect(model.dialog).toBeNull();
  expect(quits()).toBe(0);
  model.input(bytes("\x03y"));
  expect(quits()).toBe(1);
  for (const g of guests) g.set("state", 3); // stopped
  model.input(bytes("q"));
  expect(quits()).toBe(2);
  expect(model.dialog).toBeNull();
});

test("? opens the help in place of the console and statistics; any key closes it", () => {
  const { model } = twoGuests();
  model.input(bytes("?"));
  const { lastFrame } = render(<Dashboard model={model} columns={80} rows={24} />);
  expect(plain(lastFrame())).toContain("Ctrl-A Tab leaves");
  model.input(bytes("x"));
  expect(model.dialog).toBeNull();
});

test("statistics rows: fixed counters first, then every counter that moved, busiest first", () => {
  const { model, guests } = twoGuests();
  model.sample(0);
  guests[0].counter("hcall", "H_PUT_TERM_CHAR", 500);
  guests[0].counter("interrupt", "decrementer", 100);
  model.sample(1000);
  guests[0].counter("interrupt", "decrementer", 350);
  model.sample(2000);
  const rows = model.statRows();
  expect(rows.slice(0, 5).map((r) => r.label)).toEqual(["instructions", "soft-TLB misses", "SLB misses", "console bytes out", "console bytes in"]);
  expect(rows.slice(5)).toEqual([
    { label: "irq decrementer", total: 350, perSecond: 250 },
    { label: "hcall H_PUT_TERM_CHAR", total: 500, perSecond: 0 },
  ]);
});

test("redraws happen on flush, and only after something changed", () => {
  const { model } = twoGuests();
  let redraws = 0;
  model.subscribe(() => redraws++);
  model.flush();
  model.flush();
  expect(redraws).toBe(1);
  model.input(bytes("\t"));
  model.flush();
  expect(redraws).toBe(2);
});
