// The key list and the selected guest's recent log lines, in place of the console and statistics.
import { Text } from "ink";
import { fit } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

export const HELP_LINES = [
  "Tab / Shift-Tab   move the focus: guests, console, statistics",
  "↑ ↓ Enter         choose a guest; Enter types into its console",
  "p                 pause or resume the selected guest",
  "r                 reset it (a power-cycle; an NVRAM image keeps its contents)",
  "q, Ctrl-C         quit (asks first while a guest runs)",
  "?                 this help; any key closes it",
  "In the console    keys go to the guest; Ctrl-A then a key is that key here",
  "                  (Ctrl-A Tab leaves, Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A)",
];

export function HelpPane({ log, width, height }: { log: readonly string[]; width: number; height: number }) {
  const w = inner(width);
  const room = Math.max(0, height - 3 - HELP_LINES.length - 1);
  const recent = log.slice(-room);
  return (
    <Frame title="Help" focused width={width} height={height}>
      {HELP_LINES.map((line) => (
        <Text key={line}>{fit(line, w)}</Text>
      ))}
      {recent.length ? <Text bold>{fit("Log of the selected guest:", w)}</Text> : null}
      {recent.map((line, i) => (
        <Text key={i} dimColor wrap="truncate">
          {fit(line, w)}
        </Text>
      ))}
    </Frame>
  );
}
