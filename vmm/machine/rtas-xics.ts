// The RTAS calls of the PowerPC External Interrupt Option (LoPAR "RTAS Call Definitions",
// ibm,set-xive, ibm,get-xive, ibm,int-off, ibm,int-on). spar's source controller has an interrupt
// enable bit per source (the LoPAR's "Interrupt Enable Register" case): int-off and int-on flip it
// and leave the XIVE alone, so get-xive reports the priority last set and set-xive on a source
// that is off keeps it off. An unimplemented interrupt number, a server outside the partition, a
// priority above 0xff or a wrong argument count is an argument error (-3).

import { RTAS_PARAMETER_ERROR, RTAS_SUCCESS, type RtasCall, type Rtas } from "./rtas.ts";
import { PRIORITY_MASKED, type Xics } from "./xics.ts";

export function registerXicsRtas(rtas: Rtas, xics: Xics): void {
  const ics = xics.ics;
  /** The interrupt number of a call taking just that, or undefined if the call is malformed. */
  const sourceArg = (call: RtasCall): number | undefined => (call.args.length === 1 && ics.owns(call.args[0]) ? call.args[0] : undefined);

  rtas.register({
    name: "ibm,set-xive",
    run: ({ args }) => {
      if (args.length !== 3) return RTAS_PARAMETER_ERROR;
      const [irq, server, priority] = args;
      if (!ics.owns(irq) || !xics.icp(server) || priority > PRIORITY_MASKED) return RTAS_PARAMETER_ERROR;
      ics.setXive(irq, server, priority);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "ibm,get-xive",
    run: (call) => {
      const irq = sourceArg(call);
      if (irq === undefined) return RTAS_PARAMETER_ERROR;
      const { server, priority } = ics.getXive(irq);
      call.rets.push(server, priority);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "ibm,int-off",
    run: (call) => {
      const irq = sourceArg(call);
      if (irq === undefined) return RTAS_PARAMETER_ERROR;
      ics.setEnabled(irq, false);
      return RTAS_SUCCESS;
    },
  });
  rtas.register({
    name: "ibm,int-on",
    run: (call) => {
      const irq = sourceArg(call);
      if (irq === undefined) return RTAS_PARAMETER_ERROR;
      ics.setEnabled(irq, true);
      return RTAS_SUCCESS;
    },
  });
}
