/*
 * trap.h - run one fault case and print what the interrupt reported (the
 * fault guests; trap.S, trap.c, cases.S).
 */
#ifndef SPAR_GUEST_TRAP_H
#define SPAR_GUEST_TRAP_H
#include "hv.h"

/* vector, SRR0, SRR1, DAR, DSISR of the last interrupt trap_try caught */
extern u64 trap_info[5];
/* r3 of a case that returned without an interrupt */
extern u64 trap_result;
/* nonzero: trap_entry also sets PID back to 0 (radix guests) */
extern u64 trap_reset_pid;

/* fn(a, b); 0 if it returned, 1 if an interrupt came first (then trap_info says which) */
long trap_try(const void *fn, u64 a, u64 b);
/* rfid to pc in problem state with r3 = arg (pass to trap_try: trap_case(name, user_enter, pc, arg)) */
void user_enter(u64 pc, u64 arg);

/* Interrupts in the guest's endianness (H_SET_MODE), decrementer parked. Call first. */
void trap_init(void);
/* Run fn(a, b) with DAR/DSISR preset to sentinels and print one line:
 *   NAME: vec=0x300 srr0=0x... srr1=0x... dar=0x... dsisr=0x...
 *   NAME: no interrupt, r3=0x...                                    */
void trap_case(const char *name, const void *fn, u64 a, u64 b);
#define DAR_SENTINEL   0xdada0000UL
#define DSISR_SENTINEL 0xdeadUL

/* Alignment, program and decrementer cases; `rw` is a read/write page of the guest. */
void common_cases(u64 rw);

/* cases.S: tiny code sequences the cases run (privileged ones return with blr, problem-state
 * ones end with sc, whose 0xc00 interrupt brings the guest back) */
extern const char snip_load[], snip_store[], snip_jump[], snip_jump_iamr[];
extern const char snip_load_amr[], snip_store_amr[], snip_load_pid[];
extern const char snip_lwarx[], snip_ldarx[], snip_stwcx[];
extern const char snip_illegal[], snip_trap[], snip_dec[];
extern const char user_load[], user_store[], user_jump[], user_mfmsr[];

/* the first word of every test page: a fetch that works ends in vector 0xc00 at page + 4 */
#define INSN_SC 0x44000002u
#define PATTERN 0x1122334455667788UL  /* at page + 0x100 */

#endif
