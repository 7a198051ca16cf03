// Keyboard input, byte by byte. Outside the console the bytes become dashboard keys; in the
// focused console they go to the guest, except QEMU's Ctrl-A escape: Ctrl-A then a key is that
// dashboard key (Ctrl-A Tab leaves the console, Ctrl-A x quits as in QEMU), and Ctrl-A Ctrl-A
// sends one Ctrl-A to the guest.

export type Key = "tab" | "shift-tab" | "up" | "down" | "page-up" | "page-down" | "enter" | "escape" | "ctrl-c" | string;

const CTRL_A = 0x01;
const SEQUENCES: [string, Key][] = [
  ["\x1b[A", "up"],
  ["\x1b[B", "down"],
  ["\x1b[Z", "shift-tab"],
  ["\x1b[5~", "page-up"],
  ["\x1b[6~", "page-down"],
  ["\x1bOA", "up"],
  ["\x1bOB", "down"],
];
const SINGLE: Record<number, Key> = { 0x09: "tab", 0x0d: "enter", 0x0a: "enter", 0x1b: "escape", 0x03: "ctrl-c" };

export interface Routed {
  keys: Key[];
  /** Bytes for the guest's console. */
  guest: Uint8Array;
}

export class KeyRouter {
  /** Ctrl-A was the last byte seen by the console. */
  private escapePending = false;

  route(bytes: Uint8Array, consoleFocused: boolean): Routed {
    if (!consoleFocused) {
      this.escapePending = false;
      return { keys: parseKeys(bytes), guest: new Uint8Array(0) };
    }
    const keys: Key[] = [];
    const guest: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.escapePending) {
        this.escapePending = false;
        if (b === CTRL_A) guest.push(b);
        else if (b === 0x78) keys.push("q"); // Ctrl-A x: QEMU's quit
        else keys.push(SINGLE[b] ?? String.fromCharCode(b));
      } else if (b === CTRL_A) this.escapePending = true;
      else guest.push(b);
    }
    return { keys, guest: new Uint8Array(guest) };
  }
}

/** Split a chunk of terminal input into keys: escape sequences first, then single bytes. */
export function parseKeys(bytes: Uint8Array): Key[] {
  const text = new TextDecoder().decode(bytes);
  const keys: Key[] = [];
  for (let i = 0; i < text.length; ) {
    const sequence = SEQUENCES.find(([s]) => text.startsWith(s, i));
    if (sequence) {
      keys.push(sequence[1]);
      i += sequence[0].length;
      continue;
    }
    if (text[i] === "\x1b" && text[i + 1] === "[") {
      // An unknown CSI sequence (function keys and the like): skip it whole.
      let end = i + 2;
      while (end < text.length && !(text.charCodeAt(end) >= 0x40 && text.charCodeAt(end) <= 0x7e)) end++;
      i = end + 1;
      continue;
    }
    keys.push(SINGLE[text.charCodeAt(i)] ?? text[i]);
    i++;
  }
  return keys;
}
