// Line charts of a series in braille dots (two across and four down per character cell), drawn
// with blessed-contrib's drawille canvas; the newest value sits at the right edge. A series
// longer than the chart is wide is averaged in even buckets, so the whole history shows.
import Context from "drawille-canvas-blessed-contrib";

/** `rows` lines of `columns` characters (with colour escapes) plotting `series` from 0 to `top`. */
export function brailleChart(series: readonly number[], columns: number, rows: number, color: string, top = Math.max(...series, 0)): string[] {
  const width = columns * 2, height = rows * 4;
  const ctx = new Context(width, height);
  ctx.strokeStyle = color;
  const points = series.length > width ? buckets(series, width) : series;
  const x0 = width - points.length;
  const y = (v: number) => height - 1 - Math.round((Math.min(v, top) / (top || 1)) * (height - 1));
  ctx.beginPath();
  points.forEach((v, i) => (i === 0 ? ctx.moveTo(x0, y(v)) : ctx.lineTo(x0 + i, y(v))));
  // A single point draws nothing as a path: make it a dot.
  if (points.length === 1) ctx.lineTo(x0, y(points[0]));
  ctx.stroke();
  return ctx.canvas.frame().split("\n").slice(0, rows);
}

function buckets(series: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const part = series.slice(Math.floor((i * series.length) / count), Math.floor(((i + 1) * series.length) / count));
    return part.reduce((sum, v) => sum + v, 0) / part.length;
  });
}
