// The selected guest's console (hvc0). While it has the focus every key goes to the guest;
// Ctrl-A starts a dashboard key, as in QEMU.
import { Text } from "ink";
import { fit } from "../format.ts";
import { Frame, inner } from "./frame.tsx";

export function ConsolePane({ guest, lines, focused, width, height }: { guest: string; lines: string[]; focused: boolean; width: number; height: number }) {
  const title = focused ? `Console ${guest}: keys go to the guest, Ctrl-A Tab leaves, Ctrl-A ? help` : `Console ${guest} (Tab to type)`;
  return (
    <Frame title={fit(title, inner(width))} focused={focused} width={width} height={height}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {fit(line, inner(width))}
        </Text>
      ))}
    </Frame>
  );
}

/** Console rows that fit in a pane of this height: borders and title take three. */
export const consoleRows = (height: number) => Math.max(0, height - 3);
