// -smp: QEMU 7.2's topology rules (hw/core/machine-smp.c), including how it fills in missing values
// (preferring cores over sockets, as machines since 6.2 do) and its consistency errors.
import type { MachineConfig } from "../vmm/machine/config.ts";
import type { PropertyList } from "./property-list.ts";
import { parsedFrom, propertiesOf } from "./schemas.ts";
import { UsageError } from "./usage-error.ts";

type Topology = MachineConfig["smp"];

/** pseries' limit in QEMU. */
const MAX_CPUS = 4096;

// QEMU only warns about 0 ("deprecated ... considered invalid"); spar refuses it outright.
const count = parsedFrom(
  (text) => (/^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined),
  "expected a positive integer",
);

/** QEMU accepts dies=1 and clusters=1 on machines without them, and refuses anything else. */
function onlyOne(level: string) {
  return parsedFrom(
    (text) => (text === "1" ? 1 : undefined),
    `${level} not supported by this machine's CPU topology, as in QEMU; accepted: 1`,
  ).optional();
}

const smpSchema = propertiesOf("smp", ["cpus", "sockets", "cores", "threads", "maxcpus"], {
  cpus: count.optional(),
  sockets: count.optional(),
  cores: count.optional(),
  threads: count.optional(),
  maxcpus: count.optional(),
  dies: onlyOne("dies"),
  clusters: onlyOne("clusters"),
});

export function resolveSmp(list: PropertyList): Topology {
  const topology = deriveTopology(list.validate(smpSchema));
  const problem = topologyProblem(topology);
  if (problem !== undefined) throw new UsageError(`${list.describe()}: ${problem}`);
  return topology;
}

function deriveTopology(given: Partial<Topology>): Topology {
  let { cpus = 0, sockets = 0, cores = 0, threads = 0, maxcpus = 0 } = given;
  if (cpus === 0 && maxcpus === 0) {
    sockets ||= 1;
    cores ||= 1;
    threads ||= 1;
  } else {
    maxcpus ||= cpus;
    if (cores === 0) {
      sockets ||= 1;
      threads ||= 1;
      cores = Math.floor(maxcpus / (sockets * threads));
    } else if (sockets === 0) {
      threads ||= 1;
      sockets = Math.floor(maxcpus / (cores * threads));
    }
    threads ||= Math.floor(maxcpus / (sockets * cores));
  }
  maxcpus ||= sockets * cores * threads;
  cpus ||= maxcpus;
  return { cpus, sockets, cores, threads, maxcpus };
}

function topologyProblem({ cpus, sockets, cores, threads, maxcpus }: Topology): string | undefined {
  const hierarchy = `sockets (${sockets}) * cores (${cores}) * threads (${threads})`;
  if (sockets * cores * threads !== maxcpus) {
    return `Invalid CPU topology: product of the hierarchy must match maxcpus: ${hierarchy} != maxcpus (${maxcpus})`;
  }
  if (maxcpus < cpus) {
    return (
      `Invalid CPU topology: maxcpus must be equal to or greater than smp: ` +
      `${hierarchy} == maxcpus (${maxcpus}) < smp_cpus (${cpus})`
    );
  }
  if (maxcpus > MAX_CPUS) {
    return (
      `Invalid SMP CPUs ${maxcpus}. The max CPUs supported by machine 'pseries' is ${MAX_CPUS}; ` +
      `accepted: 1 to ${MAX_CPUS}`
    );
  }
  // spapr's own rule: threads per core must be a power of two.
  if ((threads & (threads - 1)) !== 0) {
    return (
      `Cannot support ${threads} threads/core on a pseries machine because it must be a power of 2; ` +
      `accepted: threads=1, 2, 4 or 8`
    );
  }
  return undefined;
}
