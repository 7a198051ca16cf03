// The interpreter's entry point. The loop itself is generated from the instruction table
// (isa/gen-interpreter.ts); fetch and decode-cache handling live in fetch.ts.
export { runSlice } from "./generated/interpreter.ts";
