// Dynamic reconfiguration's indicators, sensors and power domains (LoPAR "RTAS Call
// Definitions": set-indicator, get-sensor-state, set-power-level, get-power-level), answered as
// QEMU 7.2 answers them. spar's partition has no dynamic-reconfiguration connectors (its tree
// lists no ibm,drc-indexes), so every DR indicator or sensor index is unknown, and QEMU supports
// no other indicator or sensor type: both are -3. The one power domain, -1 ("live insertion"),
// is always at full power.

import { RTAS_NOT_SUPPORTED, RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type Rtas } from "./rtas.ts";

/** LoPAR's "no such indicator" (QEMU's RTAS_OUT_NO_SUCH_INDICATOR), -3 like the parameter error. */
const NO_SUCH_INDICATOR = -3;
const LIVE_INSERT_DOMAIN = 0xffffffff;
const FULL_POWER = 100;

export function registerDrRtas(rtas: Rtas): void {
  // (type, index, state) and (type, index): a DR type (9001-9003) names a connector spar does
  // not have; QEMU implements no other type.
  rtas.register({
    name: "set-indicator",
    run: ({ args, nret }) => (args.length !== 3 || nret !== 1 ? RTAS_PARAMETER_ERROR : NO_SUCH_INDICATOR),
  });
  rtas.register({
    name: "get-sensor-state",
    run: ({ args, nret }) => (args.length !== 2 || nret !== 2 ? RTAS_PARAMETER_ERROR : NO_SUCH_INDICATOR),
  });
  for (const [name, nargs] of [["set-power-level", 2], ["get-power-level", 1]] as const) {
    rtas.register({
      name, // (domain, level) or (domain): the level the domain is at
      run: ({ args, nret, rets }) => {
        if (args.length !== nargs || nret !== 2) return RTAS_PARAMETER_ERROR;
        if (args[0] !== LIVE_INSERT_DOMAIN) return RTAS_NOT_SUPPORTED;
        rets.push(FULL_POWER);
        return RTAS_SUCCESS;
      },
    });
  }
}
