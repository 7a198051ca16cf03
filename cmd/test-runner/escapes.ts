// The escapes a test script's send text may use, decoded by spar itself so they work the same in
// any YAML or JSON quoting: \n \r \t \e (escape) \\ and \xHH (any byte, e.g. \x03 for Ctrl-C).

const SIMPLE: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, e: 0x1b, "\\": 0x5c };

export const ESCAPES_ACCEPTED = "\\n \\r \\t \\e \\\\ \\xHH";

/** The bytes the text stands for (UTF-8, escapes decoded), or why it stands for none. */
export function decodeEscapes(text: string): { bytes: Uint8Array } | { error: string } {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let literal = 0; // start of the text not yet copied
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\") continue;
    bytes.push(...encoder.encode(text.slice(literal, i)));
    const next = text[i + 1] ?? "";
    const hex = text.slice(i + 2, i + 4);
    if (next in SIMPLE) {
      bytes.push(SIMPLE[next]!);
      i += 1;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else if (next === "") {
      return { error: "a \\ ends the text; write \\\\ for a backslash" };
    } else {
      return { error: `unknown escape \\${next === "x" ? "x" + hex : next}; accepted: ${ESCAPES_ACCEPTED}` };
    }
    literal = i + 1;
  }
  bytes.push(...encoder.encode(text.slice(literal)));
  return { bytes: new Uint8Array(bytes) };
}

const SHOWN: Record<number, string> = Object.fromEntries(Object.entries(SIMPLE).map(([letter, byte]) => [byte, `\\${letter}`]));

/** The bytes written back with escapes (printable ASCII as itself), on one line: how reports show sent text. */
export function showEscaped(bytes: Uint8Array): string {
  let shown = "";
  for (const byte of bytes) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x5c;
    shown += printable ? String.fromCharCode(byte) : (SHOWN[byte] ?? `\\x${byte.toString(16).padStart(2, "0")}`);
  }
  return shown;
}
