// The code spar puts in guest memory for a client booted through the Open Firmware client
// interface: the client-interface entry point (passed to the kernel in r5) and the RTAS entry
// that instantiate-rtas copies to where the client asks. Each passes r3 (the client's argument
// array, or the RTAS argument buffer) to the hypervisor with `sc 1`, as QEMU's VOF firmware does
// (pc-bios/vof/entry.S: ci_entry and hv_rtas), and returns the hcall status in r3.
//
// Both run only in 32-bit big-endian mode: Linux's enter_prom and enter_rtas clear MSR[SF] and
// MSR[LE] before branching to them. So the words are stored big-endian, with no little-endian
// variant, and 32-bit mode makes the hcall see the argument address as the client passed it.

/** QEMU's private hcalls (KVMPPC_HCALL_BASE 0xf000): RTAS, and the VOF client interface. */
export const KVMPPC_H_RTAS = 0xf000;
export const KVMPPC_H_VOF_CLIENT = 0xf005;

/** `mr r4,r3; lis r3,0; ori r3,r3,hcall; sc 1; blr`: the hcall number (0xf0xx) does not fit li's signed 16-bit immediate, so lis/ori build it. */
function hcallTrampoline(hcall: number): Uint8Array {
  const words = [
    0x7c641b78, // mr r4,r3: the argument address becomes hcall argument 1
    0x3c600000, // lis r3,0
    0x60630000 | hcall, // ori r3,r3,hcall
    0x44000022, // sc 1
    0x4e800020, // blr: r3 holds the hcall status
  ];
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word));
  return bytes;
}

export const CLIENT_ENTRY_STUB = hcallTrampoline(KVMPPC_H_VOF_CLIENT);
export const RTAS_ENTRY_STUB = hcallTrampoline(KVMPPC_H_RTAS);

/**
 * Where the machine puts the entry stub: 0x100, where QEMU's VOF code starts too. Not below it:
 * Linux's prom_init copies the kernel's first 0x100 bytes (the secondary-CPU hold loop) to 0
 * while it still calls the client interface. The interrupt vectors from 0x100 up are only written
 * when the kernel, done with the client interface, copies itself down to 0.
 */
export const CLIENT_ENTRY_ADDRESS = 0x100;

/** The stack the client starts on, VOF's: 32 KiB at 0x8000. */
export const CLIENT_STACK = { start: 0x8000, size: 0x8000 };
/** r1 at entry: the stack's top less a minimum stack frame, as VOF leaves it. */
export const CLIENT_STACK_POINTER = CLIENT_STACK.start + CLIENT_STACK.size - 0x20;

/** The firmware area the machine reserves from the client's claims: the entry stub and the stack. */
export const FIRMWARE_AREA = { start: 0, size: CLIENT_STACK.start + CLIENT_STACK.size };
