// Numbers as the dashboard prints them: short, fixed-width friendly, and never a fake zero
// (a figure spar has no source for is "–").

export const NONE = "–";

/** 1234 → "1234", 12345 → "12.3k", 1.5e9 → "1.50G": at most 5 characters. */
export function compact(n: number): string {
  if (n < 10_000) return n < 10 && n % 1 !== 0 ? n.toFixed(1) : String(Math.round(n));
  for (const [unit, scale] of [["k", 1e3], ["M", 1e6], ["G", 1e9], ["T", 1e12]] as const) {
    const v = n / scale;
    if (v < 1000) return (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + unit;
  }
  return n.toExponential(1);
}

/** Guest RAM as -m takes it: "256M", "1G". */
export function memorySize(bytes: number): string {
  const mib = bytes / (1 << 20);
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** Cut to `width` columns, padding with spaces. */
export function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width)) : text.padEnd(width);
}
