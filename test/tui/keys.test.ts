import { expect, test } from "bun:test";
import { KeyRouter, parseKeys } from "../../tui/keys.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("outside the console, bytes are dashboard keys (arrows, Shift-Tab, unknown sequences skipped)", () => {
  expect(parseKeys(bytes("\t\x1b[Zp\x1b[A\x1b[B\r\x03?\x1b[15~q"))).toEqual(["tab", "shift-tab", "p", "up", "down", "enter", "ctrl-c", "?", "q"]);
  const router = new KeyRouter();
  expect(router.route(bytes("pq"), false)).toEqual({ keys: ["p", "q"], guest: new Uint8Array(0) });
});

test("in the console every byte goes to the guest except the Ctrl-A escape, which may span chunks", () => {
  const router = new KeyRouter();
  expect(router.route(bytes("ls\t\x03\x1b[A\r"), true)).toEqual({ keys: [], guest: bytes("ls\t\x03\x1b[A\r") });
  expect(router.route(bytes("a\x01"), true)).toEqual({ keys: [], guest: bytes("a") });
  expect(router.route(bytes("\tb"), true)).toEqual({ keys: ["tab"], guest: bytes("b") });
  expect(router.route(bytes("\x01x\x01\x01\x01?"), true)).toEqual({ keys: ["q", "?"], guest: new Uint8Array([1]) });
});
