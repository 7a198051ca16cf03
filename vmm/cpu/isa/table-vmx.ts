// Vector (VMX/AltiVec) instructions (Book I ch. 6).

import type { InsnSpec } from "./spec.ts";

export const VMX_INSNS: readonly InsnSpec[] = [];
