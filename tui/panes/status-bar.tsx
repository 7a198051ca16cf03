// The bottom line: what machine the selected guest is and the keys, or the quit question.
import { Text } from "ink";
import type { Status } from "../dashboard-model.ts";
import { fit } from "../format.ts";

const KEYS = ["Tab focus p pause r reset q quit ? help", "? help"];

export function StatusBar({ status, question, notes, width }: { status: Status | undefined; question?: string; notes: number; width: number }) {
  if (question)
    return (
      <Text inverse bold wrap="truncate">
        {fit(question, width)}
      </Text>
    );
  const parts = status ? [status.machine, status.cpu, `compat ${status.compat}`, `MMU ${status.mmu}`, status.accel] : ["no guest"];
  if (notes > 0) parts.push(`log ${notes}`);
  const left = parts.join(" │ ");
  const keys = KEYS.find((k) => left.length + 1 + k.length <= width) ?? "";
  return (
    <Text inverse wrap="truncate">
      {fit(left + keys.padStart(width - left.length), width)}
    </Text>
  );
}
