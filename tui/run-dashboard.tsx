// `spar -display tui`: each guest in its own Worker, the dashboard on this thread. Input is read
// raw here (keys for the dashboard or bytes for the guest); the screen is redrawn at most ten
// times a second and only when something changed; counters are sampled once a second.
import { render } from "ink";
import type { MachineConfig } from "../vmm/machine/config.ts";
import { type GuestControl, type GuestEvents, GuestThread } from "../vmm/machine/thread/guest-thread.ts";
import { Dashboard } from "./dashboard.tsx";
import { DashboardModel } from "./dashboard-model.ts";

const REDRAW_MS = 100;
const SAMPLE_MS = 1000;

export interface GuestSpec {
  name: string;
  config: MachineConfig;
}

/** The terminal, or a stand-in (the cost benchmark renders into a counting stream). */
export interface Terminal {
  stdin: Pick<NodeJS.ReadStream, "isTTY" | "setRawMode" | "on" | "off" | "resume" | "pause">;
  stdout: NodeJS.WriteStream;
  stderr: Pick<NodeJS.WriteStream, "write">;
}

export interface DashboardOptions {
  terminal?: Terminal;
  /** How a guest starts: in a Worker, unless a benchmark wraps it. */
  createGuest?: (spec: GuestSpec, events: GuestEvents) => GuestControl;
}

/** Runs until the user quits; resolves with spar's exit status. */
export async function runDashboard(guests: GuestSpec[], options: DashboardOptions = {}): Promise<number> {
  const { stdin, stdout, stderr } = options.terminal ?? process;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write("spar: -display tui needs a terminal on stdin and stdout; use -nographic to run without one\n");
    return 1;
  }
  const createGuest = options.createGuest ?? ((spec, events) => new GuestThread(spec.name, spec.config, events));
  let quit!: () => void;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const model = new DashboardModel(() => quit());
  for (const spec of guests) model.add((events) => createGuest(spec, events));

  const onData = (chunk: Buffer) => model.input(new Uint8Array(chunk));
  stdin.setRawMode(true);
  stdin.on("data", onData);
  stdin.resume();
  const screen = () => <Dashboard model={model} columns={stdout.columns || 80} rows={stdout.rows || 24} />;
  const app = render(screen(), {
    stdout,
    exitOnCtrlC: false, // Ctrl-C is a dashboard key (or the guest's, in the console)
    patchConsole: false,
    maxFps: 1000 / REDRAW_MS,
    incrementalRendering: true, // rewrite only the lines that changed: no flicker
    alternateScreen: true,
    interactive: true, // a terminal even where CI=true is set
  });
  const onResize = () => {
    app.clear();
    app.rerender(screen());
  };
  stdout.on("resize", onResize);
  model.sample(performance.now());
  const redraw = setInterval(() => model.flush(), REDRAW_MS);
  const sample = setInterval(() => model.sample(performance.now()), SAMPLE_MS);

  await quitting;
  clearInterval(redraw);
  clearInterval(sample);
  stdout.off("resize", onResize);
  app.unmount();
  stdin.off("data", onData);
  stdin.setRawMode(false);
  stdin.pause();
  await Promise.all(model.guests.map((g) => g.shutdown()));

  // What the dashboard showed only briefly stays on the terminal: log lines and errors.
  const several = model.guests.length > 1;
  for (const guest of model.guests) {
    const prefix = several ? `${guest.name}: ` : "";
    for (const line of guest.log) stderr.write(`${prefix}${line}\n`);
    if (guest.error !== undefined) stderr.write(`spar: ${prefix}${guest.error}\n`);
  }
  if (model.guests.some((g) => g.error !== undefined)) return 1;
  return several ? 0 : (model.guests[0]?.exitStatus ?? 0);
}
