// The guest list: one row per guest with its state, size and the sampled CPU % and MIPS. spar
// has no disks or network cards yet, so their columns say "–" rather than a made-up zero.
import { Text } from "ink";
import type { GuestRow } from "../dashboard-model.ts";
import { fit, memorySize, NONE } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

const columns = (cells: string[]) => {
  const [name, state, vcpus, mem, cpu, mips, disk, net] = cells;
  return `${fit(name, 10)} ${fit(state, 10)} ${vcpus.padStart(4)} ${mem.padStart(5)} ${cpu.padStart(5)} ${mips.padStart(7)} ${disk.padStart(13)} ${net.padStart(14)}`;
};

export const GUEST_HEADER = columns(["NAME", "STATE", "vCPU", "MEM", "CPU%", "MIPS", "DISK r/w KB/s", "NET rx/tx KB/s"]);

export function GuestList({ rows, selected, focused, width, height }: { rows: GuestRow[]; selected: number; focused: boolean; width: number; height: number }) {
  const w = inner(width) - 2;
  return (
    <Frame title={fit(`  ${GUEST_HEADER}`, inner(width))} focused={focused} width={width} height={height}>
      {rows.map((row, i) => {
        const line = columns([
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
