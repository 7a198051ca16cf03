import { expect, test } from "bun:test";
import { brailleChart } from "../../tui/chart.ts";

const plain = (lines: string[]) => lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ""));

test("a rising series climbs from the bottom left to the top right; an empty one is blank", () => {
  const chart = plain(brailleChart([0, 1, 2, 3, 4, 5, 6, 7], 4, 2, "green"));
  expect(chart).toEqual(["  ⡠⠊", "⡠⠊  "]);
  expect(plain(brailleChart([], 3, 1, "green"))).toEqual(["   "]);
});

test("a history longer than the chart is averaged into it, the oldest at the left", () => {
  const history = [...Array(300).fill(10), ...Array(300).fill(0)];
  const chart = plain(brailleChart(history, 3, 1, "green", 10));
  expect(chart[0]!.slice(0, 1)).toBe("⠉"); // the first half at the top
  expect(chart[0]!.slice(2)).toBe("⣀"); // the second at the bottom
});
