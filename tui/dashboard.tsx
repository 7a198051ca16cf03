// The whole screen: guest list on top, console and statistics side by side, charts, status bar.
// Sizes follow the terminal; below 20 rows the charts give their room to the console.
import { Box } from "ink";
import { useEffect, useState } from "react";
import type { DashboardModel } from "./dashboard-model.ts";
import { ChartsPane, formatters } from "./panes/charts-pane.tsx";
import { ConsolePane, consoleRows } from "./panes/console-pane.tsx";
import { GuestList } from "./panes/guest-list.tsx";
import { HelpPane } from "./panes/help-pane.tsx";
import { StatsPane } from "./panes/stats-pane.tsx";
import { StatusBar } from "./panes/status-bar.tsx";

const CHARTS_HEIGHT = 6;

export function Dashboard({ model, columns, rows }: { model: DashboardModel; columns: number; rows: number }) {
  const [, redraw] = useState(0);
  useEffect(() => model.subscribe(() => redraw((n) => n + 1)), [model]);

  const guestRows = model.guestRows();
  const listHeight = 3 + Math.min(Math.max(1, guestRows.length), 5);
  const chartsHeight = rows >= 20 ? CHARTS_HEIGHT : 0;
  const middle = Math.max(4, rows - listHeight - chartsHeight - 1);
  const consoleWidth = Math.max(20, Math.round(columns * 0.53));
  const statsWidth = columns - consoleWidth;
  const guest = model.current;
  const history = model.history();
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <GuestList rows={guestRows} selected={model.selected} focused={model.focus === "guests" && !model.dialog} width={columns} height={listHeight} />
      {model.dialog === "help" ? (
        <HelpPane log={guest?.log ?? []} width={columns} height={middle} />
      ) : (
        <Box flexDirection="row" height={middle}>
          <ConsolePane guest={guest?.name ?? ""} lines={model.consoleLines(consoleWidth - 2, consoleRows(middle))} focused={model.focus === "console"} width={consoleWidth} height={middle} />
          <StatsPane rows={model.statRows()} scroll={model.statsScroll} focused={model.focus === "stats"} width={statsWidth} height={middle} />
        </Box>
      )}
      {chartsHeight ? (
        <ChartsPane
          width={columns}
          height={chartsHeight}
          charts={[
            { title: "MIPS", series: history.mips, color: "green", format: formatters.mips },
            { title: "CPU", series: history.cpuPercent, top: 100, color: "yellow", format: formatters.percent },
            { title: "I/O", series: history.consoleBytesPerSecond, color: "magenta", format: formatters.bytesPerSecond },
          ]}
        />
      ) : null}
      <StatusBar
        status={model.status()}
        question={model.dialog === "quit" ? `Quit spar? ${model.guests.filter((g) => g.active).length} guest(s) still running. y quits, any other key stays` : undefined}
        notes={guest?.log.length ?? 0}
        width={columns}
      />
    </Box>
  );
}
