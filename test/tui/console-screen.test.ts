import { expect, test } from "bun:test";
import { ConsoleScreen } from "../../tui/console-screen.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("lines, carriage return overwriting, backspace, tabs; escape sequences dropped", () => {
  const screen = new ConsoleScreen();
  screen.write(bytes("Linux boot\r\nprogress 10%\rprogress 99%\n"));
  screen.write(bytes("\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07ab\bc\tx\x1b(By"));
  expect(screen.view(40, 3)).toEqual(["Linux boot", "progress 99%", "green ac        xy"]);
});

test("UTF-8 split across writes; long lines wrap to the width, the view shows the last rows", () => {
  const screen = new ConsoleScreen();
  const euro = bytes("€");
  screen.write(euro.subarray(0, 1));
  screen.write(euro.subarray(1));
  screen.write(bytes("\n0123456789abcdef\n"));
  expect(screen.view(6, 10)).toEqual(["€", "012345", "6789ab", "cdef", ""]);
  expect(screen.view(6, 2)).toEqual(["cdef", ""]);
});

test("only the last maxLines lines are kept", () => {
  const screen = new ConsoleScreen(3);
  screen.write(bytes("1\n2\n3\n4\n5"));
  expect(screen.view(10, 10)).toEqual(["3", "4", "5"]);
});
