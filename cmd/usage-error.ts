/** A command-line mistake: spar prints its message as "spar: <message>" and exits with status 1. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** "a", "a or b", "a, b or c": the accepted values, as every rejection lists them. */
export function listOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

export function expected(values: readonly string[]): string {
  return values.length > 2 ? `expected one of ${listOf(values)}` : `expected ${listOf(values)}`;
}
