// -d: the QEMU log items spar accepts, named and described as QEMU does.
import { UsageError } from "./usage-error.ts";

export const LOG_ITEMS = {
  in_asm: "show guest instructions of each decoded block",
  exec: "show a trace line before each executed block (lots of logs)",
  cpu: "show CPU registers before entering a block (lots of logs)",
  int: "show interrupts and exceptions in short format",
  mmu: "log MMU-related activities",
  unimp: "log unimplemented functionality",
  guest_errors: "log when the guest does something invalid (e.g. accessing a non-existent register)",
  nochain: "do not chain blocks, so that exec and cpu show complete traces",
} as const;

type LogItem = keyof typeof LOG_ITEMS;

function isLogItem(item: string): item is LogItem {
  return Object.hasOwn(LOG_ITEMS, item);
}

/** "in_asm,int" → its items, each once; QEMU splits -d on plain commas (no ",," escape). */
export function parseLogItems(text: string, spelling: string): LogItem[] {
  const items = text.split(",").filter((item) => item !== "");
  const unknown = items.find((item) => !isLogItem(item));
  if (unknown !== undefined) {
    const accepted = Object.keys(LOG_ITEMS).join(", ");
    throw new UsageError(`${spelling} ${text}: unknown log item '${unknown}'; accepted: ${accepted} (see -d help)`);
  }
  return [...new Set(items as LogItem[])];
}
