// A bordered pane with a title line; the focused pane's border is highlighted.
import { Box, Text } from "ink";
import type { ReactNode } from "react";

export function Frame({ title, focused = false, width, height, children }: { title: string; focused?: boolean; width: number; height: number; children: ReactNode }) {
  return (
    <Box flexDirection="column" borderStyle={focused ? "double" : "single"} borderColor={focused ? "cyan" : "gray"} width={width} height={height} overflow="hidden">
      <Text bold color={focused ? "cyan" : undefined} wrap="truncate">
        {title}
      </Text>
      {children}
    </Box>
  );
}

/** Columns inside a frame of this width (borders take one each side). */
export const inner = (width: number) => Math.max(0, width - 2);
