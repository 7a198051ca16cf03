// The console pane's text: the guest's bytes as a plain scrolling terminal shows them. \n ends a
// line, \r returns to its start, backspace steps back, tabs stop every 8 columns; escape
// sequences (colours, cursor moves, queries) are dropped, since the pane is a scrolling log
// rather than a full terminal emulator. UTF-8 is decoded across chunk boundaries.

const ESC = 0x1b;
const enum Mode { Text, Escape, Csi, Osc }

export class ConsoleScreen {
  private lines: string[] = [""];
  private column = 0;
  private mode = Mode.Text;
  private readonly decoder = new TextDecoder();

  constructor(
    /** Lines kept for scrolling back; older ones are forgotten. */
    readonly maxLines = 2000,
  ) {}

  write(bytes: Uint8Array): void {
    let textStart = -1;
    const flushText = (end: number) => {
      if (textStart >= 0) this.text(this.decoder.decode(bytes.subarray(textStart, end), { stream: true }));
      textStart = -1;
    };
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      switch (this.mode) {
        case Mode.Text:
          if (b === ESC) {
            flushText(i);
            this.mode = Mode.Escape;
          } else if (textStart < 0) textStart = i;
          break;
        case Mode.Escape:
          // "[" starts a CSI, "]" an OSC; intermediates (ESC ( B) wait for their final byte.
          if (b === 0x5b) this.mode = Mode.Csi;
          else if (b === 0x5d) this.mode = Mode.Osc;
          else if (b < 0x20 || b > 0x2f) this.mode = Mode.Text;
          break;
        case Mode.Csi:
          if (b >= 0x40 && b <= 0x7e) this.mode = Mode.Text; // the final byte
          break;
        case Mode.Osc:
          if (b === 0x07) this.mode = Mode.Text; // BEL ends it (ESC \ does too, through Escape)
          else if (b === ESC) this.mode = Mode.Escape;
          break;
      }
    }
    flushText(bytes.length);
  }

  /** The last `rows` rows at `width` columns, long lines wrapped as a terminal wraps them. */
  view(width: number, rows: number): string[] {
    const out: string[] = [];
    for (let i = this.lines.length - 1; i >= 0 && out.length < rows; i--) {
      const line = this.lines[i];
      const wrapped: string[] = [];
      for (let at = 0; at < line.length || wrapped.length === 0; at += width) wrapped.push(line.slice(at, at + width));
      out.unshift(...wrapped.slice(-(rows - out.length)));
    }
    return out;
  }

  private text(chars: string): void {
    for (const ch of chars) {
      if (ch === "\n") {
        this.lines.push("");
        this.column = 0;
        if (this.lines.length > this.maxLines) this.lines.shift();
      } else if (ch === "\r") this.column = 0;
      else if (ch === "\b") this.column = Math.max(0, this.column - 1);
      else if (ch === "\t") this.put(" ".repeat(8 - (this.column % 8)));
      else if (ch >= " " && ch !== "\x7f") this.put(ch);
    }
  }

  /** Overwrite from the cursor, as a terminal does after \r or backspace. */
  private put(text: string): void {
    const last = this.lines.length - 1;
    const line = this.lines[last].padEnd(this.column);
    this.lines[last] = line.slice(0, this.column) + text + line.slice(this.column + text.length);
    this.column += text.length;
  }
}
