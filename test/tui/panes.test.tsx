// Each pane on its own, rendered by Ink into a string, as a terminal would show it.
import { afterEach, expect, test } from "bun:test";
import { cleanup, render } from "ink-testing-library";
import { ChartsPane, formatters } from "../../tui/panes/charts-pane.tsx";
import { ConsolePane } from "../../tui/panes/console-pane.tsx";
import { GuestList } from "../../tui/panes/guest-list.tsx";
import { HelpPane } from "../../tui/panes/help-pane.tsx";
import { StatsPane } from "../../tui/panes/stats-pane.tsx";
import { StatusBar } from "../../tui/panes/status-bar.tsx";

afterEach(cleanup);
const plain = (frame: string | undefined) => (frame ?? "").replace(/\x1b\[[0-9;]*m/g, "");
const lines = (frame: string | undefined) => plain(frame).split("\n");

test("guest list: a row per guest with state, vCPUs, memory, CPU %, MIPS; no disk or network figures", () => {
  const { lastFrame } = render(
    <GuestList
      rows={[
        { name: "debian", state: "running", vcpus: 1, memory: 1 << 30, cpuPercent: 99.6, mips: 95.14 },
        { name: "hello", state: "booting", vcpus: 1, memory: 256 << 20, cpuPercent: undefined, mips: undefined },
      ]}
      selected={0}
      focused={false}
      width={80}
      height={5}
    />,
  );
  const [top, header, first, second] = lines(lastFrame());
  expect(top).toStartWith("┌");
  expect(header).toContain("NAME");
  expect(header).toContain("MIPS");
  expect(header).toContain("DISK r/w KB/s");
  expect(header).toContain("NET rx/tx KB/s");
  expect(first).toMatch(/▶ debian +running +1 +1G +100 +95\.1 +–\/– +–\/–/);
  expect(second).toMatch(/ {2}hello +booting +1 +256M +– +– +–\/– +–\/–/);
  for (const line of lines(lastFrame())) expect(line.length).toBe(80);
});

test("console pane: the last lines, and a title that says where keys go", () => {
  const props = { guest: "debian", lines: ["[    0.000000] Linux version 6.1", "/ # "], width: 40, height: 6 };
  const idle = render(<ConsolePane {...props} focused={false} />);
  expect(lines(idle.lastFrame())[1]).toContain("Console debian (Tab to type)");
  expect(plain(idle.lastFrame())).toContain("│/ #");
  const focused = render(<ConsolePane {...props} focused />);
  expect(lines(focused.lastFrame())[1]).toContain("keys go to the guest");
  expect(lines(focused.lastFrame())[0]).toStartWith("╔");
});

test("statistics pane: totals and rates, '–' where spar has no figure, a scroll position when rows overflow", () => {
  const rows = [
    { label: "instructions", total: 1.5e9, perSecond: 95.1e6 },
    { label: "KVM-PR privileged exits", total: undefined, perSecond: undefined },
    ...Array.from({ length: 10 }, (_, i) => ({ label: `hcall H_${i}`, total: 10 - i, perSecond: 0 })),
  ];
  const { lastFrame } = render(<StatsPane rows={rows} scroll={1} focused width={38} height={8} />);
  const out = lines(lastFrame());
  expect(out[1]).toMatch(/Statistics +Total +\/s/);
  expect(out[2]).toMatch(/KVM-PR privileged e.* +– +–/);
  expect(out[3]).toMatch(/hcall H_0 +10 +0/);
  expect(out[6]).toContain("2-5 of 12 ↑↓");
  const first = render(<StatsPane rows={rows} scroll={0} focused={false} width={38} height={8} />);
  expect(lines(first.lastFrame())[2]).toMatch(/instructions +1\.50G +95\.1M/);
});

test("charts: braille lines of each series with its latest value and scale", () => {
  const { lastFrame } = render(
    <ChartsPane
      width={90}
      height={6}
      charts={[
        { title: "MIPS", series: [80, 90, 95], color: "green", format: formatters.mips },
        { title: "CPU", series: [100, 100, 50], top: 100, color: "yellow", format: formatters.percent },
        { title: "I/O", series: [], color: "magenta", format: formatters.bytesPerSecond },
      ]}
    />,
  );
  const out = lines(lastFrame());
  expect(out[1]).toContain("MIPS 95.0 (max 95.0)");
  expect(out[1]).toContain("CPU 50% (max 100%)");
  expect(out[1]).toContain("I/O – (max 0B/s)");
  expect(out.slice(2, 5).join("")).toMatch(/[\u2801-\u28ff]/);
  for (const line of out) expect(line.length).toBe(90);
});

test("status bar: machine, CPU model, compat mode, MMU mode and accelerator; the quit question replaces it", () => {
  const status = { machine: "pseries", cpu: "power9_v2.0", compat: "power8", mmu: "radix", accel: "kvm-type PR" };
  const bar = render(<StatusBar status={{ ...status, compat: "none", accel: "accel tcg" }} notes={0} width={100} />);
  expect(plain(bar.lastFrame())).toMatch(/^pseries │ power9_v2\.0 │ compat none │ MMU radix │ accel tcg +Tab focus p pause r reset q quit \? help$/);
  const narrow = render(<StatusBar status={status} notes={2} width={80} />);
  expect(plain(narrow.lastFrame())).toContain("kvm-type PR │ log 2");
  expect(plain(narrow.lastFrame())).toEndWith("? help");
  const asking = render(<StatusBar status={status} question="Quit spar? y quits" notes={0} width={40} />);
  expect(plain(asking.lastFrame()).trimEnd()).toBe("Quit spar? y quits");
});

test("help pane: the keys, and the guest's latest log lines", () => {
  const { lastFrame } = render(<HelpPane log={["spar: unimplemented: hcall 0xf080"]} width={80} height={14} />);
  expect(plain(lastFrame())).toContain("Ctrl-A Tab leaves");
  expect(plain(lastFrame())).toContain("spar: unimplemented: hcall 0xf080");
});
