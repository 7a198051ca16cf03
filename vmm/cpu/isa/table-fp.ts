// Floating-point instructions (Book I ch. 4).

import type { InsnSpec } from "./spec.ts";

export const FP_INSNS: readonly InsnSpec[] = [];
