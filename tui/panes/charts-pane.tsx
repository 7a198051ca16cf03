// The last minutes of MIPS, CPU % and I/O as braille line charts, one a second, newest right.
import { Box, Text } from "ink";
import { brailleChart } from "../chart.ts";
import { compact, fit } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

export interface Chart {
  title: string;
  series: number[];
  /** The value at the chart's top; the series' maximum when unset. */
  top?: number;
  color: string;
  format(v: number): string;
}

export function ChartsPane({ charts, width, height }: { charts: Chart[]; width: number; height: number }) {
  const each = Math.floor(width / charts.length);
  const rows = Math.max(1, height - 3);
  return (
    <Box flexDirection="row" width={width} height={height}>
      {charts.map((chart, i) => {
        const w = i === charts.length - 1 ? width - each * (charts.length - 1) : each;
        const latest = chart.series.at(-1);
        const peak = Math.max(0, ...chart.series);
        const title = `${chart.title} ${latest === undefined ? "–" : chart.format(latest)} (max ${chart.format(chart.top ?? peak)})`;
        return (
          <Frame key={chart.title} title={fit(title, inner(w))} width={w} height={height}>
            {brailleChart(chart.series, inner(w), rows, chart.color, chart.top).map((line, j) => (
              <Text key={j}>{line}</Text>
            ))}
          </Frame>
        );
      })}
    </Box>
  );
}

export const formatters = {
  mips: (v: number) => v.toFixed(1),
  percent: (v: number) => `${v.toFixed(0)}%`,
  bytesPerSecond: (v: number) => `${compact(v)}B/s`,
};
