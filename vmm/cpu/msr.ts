// MSR bits, split by the 32-bit half they live in (spar keeps 64-bit registers as hi/lo int32
// pairs). Names and bit numbers follow Book III §4.2.1; the comment gives the ISA bit number.

// High word (ISA bits 0..31)
export const MSR_SF = 1 << 31; //  0: sixty-four-bit mode
export const MSR_HV = 1 << 28; //  3: hypervisor state

// Low word (ISA bits 32..63)
export const MSR_VEC = 1 << 25; // 38: vector (VMX) available
export const MSR_VSX = 1 << 23; // 40: VSX available
export const MSR_EE = 1 << 15; //  48: external interrupts enabled
export const MSR_PR = 1 << 14; //  49: problem state
export const MSR_FP = 1 << 13; //  50: floating point available
export const MSR_ME = 1 << 12; //  51: machine check enabled
export const MSR_FE0 = 1 << 11; // 52: FP exception mode 0
export const MSR_SE = 1 << 10; //  53: single-step trace
export const MSR_BE = 1 << 9; //   54: branch trace
export const MSR_FE1 = 1 << 8; //  55: FP exception mode 1
export const MSR_IR = 1 << 5; //   58: instruction relocate
export const MSR_DR = 1 << 4; //   59: data relocate
export const MSR_PMM = 1 << 2; //  61: performance monitor mark
export const MSR_RI = 1 << 1; //   62: recoverable interrupt
export const MSR_LE = 1 << 0; //   63: little-endian mode
