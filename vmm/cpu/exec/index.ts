// Every instruction handler, by the name the instruction table uses. The generated dispatch
// (generated/dispatch.ts) calls these directly, one call site per operation.
export * from "./arith.ts";
export * from "./branch.ts";
export * from "./compare.ts";
export * from "./doorbell.ts";
export * from "./loadstore.ts";
export * from "./logical.ts";
export * from "./rotate.ts";
export * from "./slb.ts";
export * from "./system.ts";
export * from "./fp-arith.ts";
export * from "./fp-move.ts";
export * from "./fp-status.ts";
export * from "./vsx-bits.ts";
export * from "./vsx-compare.ts";
export * from "./vsx-convert.ts";
export * from "./vsx-float.ts";
export * from "./vsx-loadstore.ts";
export * from "./vsx-move.ts";
export * from "./vsx-permute.ts";
export * from "./vmx-crypto.ts";
export * from "./vmx-float.ts";
export * from "./vmx-integer.ts";
export * from "./vmx-memory.ts";
export * from "./vmx-permute.ts";
