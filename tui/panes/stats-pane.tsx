// kvm_stat for the selected guest: each counter's total and its rate over the last second,
// busiest first, scrolled with the arrow keys when focused.
import { Text } from "ink";
import type { StatRow } from "../dashboard-model.ts";
import { compact, fit, NONE } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

export function StatsPane({ rows, scroll, focused, width, height }: { rows: StatRow[]; scroll: number; focused: boolean; width: number; height: number }) {
  const w = inner(width);
  const label = Math.max(8, w - 14);
  const line = (l: string, total: string, rate: string) => `${fit(l, label)} ${total.padStart(6)} ${rate.padStart(6)}`;
  const visible = Math.max(0, height - 4);
  const first = Math.min(scroll, Math.max(0, rows.length - visible));
  return (
    <Frame title={fit(line("Statistics", "Total", "/s"), w)} focused={focused} width={width} height={height}>
      {rows.length === 0 ? <Text dimColor>no counters yet</Text> : null}
      {rows.slice(first, first + visible).map((row) => (
        <Text key={row.label} wrap="truncate">
          {fit(line(row.label, row.total === undefined ? NONE : compact(row.total), row.perSecond === undefined ? NONE : compact(row.perSecond)), w)}
        </Text>
      ))}
      {rows.length > visible ? <Text dimColor>{fit(`${first + 1}-${Math.min(rows.length, first + visible)} of ${rows.length}${focused ? " ↑↓" : ""}`, w)}</Text> : null}
    </Frame>
  );
}
