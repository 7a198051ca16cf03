// The differential fixtures, one per chapter of the instruction table: which instructions each
// covers and where its recorded cases live.

import { FIXED_POINT_INSNS, type InsnSpec } from "../../vmm/cpu/isa/table.ts";
import { FP_INSNS } from "../../vmm/cpu/isa/table-fp.ts";
import { VMX_INSNS } from "../../vmm/cpu/isa/table-vmx.ts";
import { VSX_INSNS } from "../../vmm/cpu/isa/table-vsx.ts";

export const CHAPTERS = {
  "fixed-point": FIXED_POINT_INSNS,
  fp: FP_INSNS,
  vmx: VMX_INSNS,
  vsx: VSX_INSNS,
} as const satisfies Record<string, readonly InsnSpec[]>;

export type Chapter = keyof typeof CHAPTERS;

export const isChapter = (name: string): name is Chapter => Object.hasOwn(CHAPTERS, name);

export const fixturePath = (chapter: Chapter) => new URL(`./fixtures/${chapter}.jsonl`, import.meta.url).pathname;

/** The command that records a chapter's fixture (also written into the fixture's header). */
export const recordCommand = (chapter: Chapter) => `bun test/conformance/record.ts ${chapter}`;
