// Calling RTAS as a guest does: token, nargs, nret and the arguments in a big-endian buffer.
import { expect } from "bun:test";
import type { GuestMemory } from "../../vmm/mmu/guest-memory.ts";
import type { Rtas } from "../../vmm/machine/rtas.ts";

/** A caller of RTAS service `name` through a buffer at `buffer`; it returns [status, ...rets]. */
export function rtasCaller(mem: GuestMemory, rtas: () => Rtas, buffer: number) {
  return (name: string, args: number[], nret: number): number[] => {
    const view = mem.view;
    view.setUint32(buffer, rtas().tokens().get(name)!);
    view.setUint32(buffer + 4, args.length);
    view.setUint32(buffer + 8, nret);
    args.forEach((a, i) => view.setUint32(buffer + 12 + 4 * i, a));
    expect(rtas().call(buffer)).toBe(true);
    const out = buffer + 12 + 4 * args.length;
    return Array.from({ length: nret }, (_, i) => (i === 0 ? view.getInt32(out) : view.getUint32(out + 4 * i)));
  };
}
