// The guest list: one row per guest with its state, size and the sampled CPU % and MIPS. spar
// has no disks or network cards yet, so their columns say "–" rather than a made-up zero.
import { Text } from "ink";
import type { GuestRow } from "../dashboard-model.ts";
import { fit, memorySize, NONE } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

/** Columns after the name take 67 characters; the name gets what is left, 10 to 24. */
const nameWidth = (w: number) => Math.max(10, Math.min(24, w - 68));

const columns = (w: number, cells: string[]) => {
  const [name, state, vcpus, mem, cpu, mips, disk, net] = cells;
  return `${fit(name, nameWidth(w))} ${fit(state, 10)} ${vcpus.padStart(4)} ${mem.padStart(5)} ${cpu.padStart(5)} ${mips.padStart(7)} ${disk.padStart(13)} ${net.padStart(14)}`;
};

export function GuestList({ rows, selected, focused, width, height }: { rows: GuestRow[]; selected: number; focused: boolean; width: number; height: number }) {
  const w = inner(width) - 2;
  const header = columns(w, ["NAME", "STATE", "vCPU", "MEM", "CPU%", "MIPS", "DISK r/w KB/s", "NET rx/tx KB/s"]);
  return (
    <Frame title={fit(`  ${header}`, inner(width))} focused={focused} width={width} height={height}>
      {rows.map((row, i) => {
        const line = columns(w, [
          row.name,
          row.state,
          String(row.vcpus),
          memorySize(row.memory),
          row.cpuPercent === undefined ? NONE : row.cpuPercent.toFixed(0),
          row.mips === undefined ? NONE : row.mips.toFixed(1),
          `${NONE}/${NONE}`,
          `${NONE}/${NONE}`,
        ]);
        return (
          <Text key={row.name + i} inverse={i === selected && focused} bold={i === selected} wrap="truncate">
            {i === selected ? "▶ " : "  "}
            {fit(line, w)}
          </Text>
        );
      })}
    </Frame>
  );
}
