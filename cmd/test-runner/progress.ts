// The live progress line of `spar test`, on a terminal only: one line on stderr, rewritten in
// place (step, what it waits for, elapsed seconds, guest instructions) and cleared at the end.
// Never written to a pipe or a file, so CI logs stay clean.

export interface Terminal {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** "[2/6] expect /login: /  3.4 s  412 M instructions" */
export function progressText(step: number, steps: number, doing: string, seconds: number, instructions: number): string {
  return `[${step + 1}/${steps}] ${doing}  ${seconds.toFixed(1)} s  ${Math.floor(instructions / 1e6)} M instructions`;
}

export class ProgressLine {
  private shown = false;

  private constructor(private readonly terminal: Terminal) {}

  /** A progress line on `terminal` if it is a terminal, else undefined. */
  static on(terminal: Terminal): ProgressLine | undefined {
    return terminal.isTTY ? new ProgressLine(terminal) : undefined;
  }

  show(text: string): void {
    // Wider than the terminal, the line would wrap and \r could no longer rewrite it.
    const width = Math.max(10, (this.terminal.columns || 80) - 1); // 0: a terminal that does not say
    const fitted = text.length > width ? text.slice(0, width - 1) + "…" : text;
    this.terminal.write(`\r\x1b[2K${fitted}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.terminal.write("\r\x1b[2K");
    this.shown = false;
  }
}
