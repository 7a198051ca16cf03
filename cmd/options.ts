// Every option spar accepts, one entry each (names, argument kind, help line), so that the tokenizer
// and --help read the same table.

export interface OptionSpec {
  /** Spellings without the dash; like QEMU, each works with one dash or two. */
  names: readonly string[];
  /** Placeholder shown in --help; options without one are switches that take no value. */
  argument?: string;
  /** Set when the value is a property list; names the key its first, bare item stands for. */
  impliedKey?: string;
  /** Where the value names host files: the whole value, the part after a prefix, or property keys.
   *  A test script's relative paths resolve against the script's directory through this. */
  files?: "value" | { prefix: string } | { keys: readonly string[] };
  description: string;
}

export const OPTIONS = {
  help: { names: ["h", "help"], description: "print this help and exit" },
  version: { names: ["version"], description: "print spar's version and exit" },
  machine: {
    names: ["M", "machine"],
    impliedKey: "type",
    argument: "pseries[,prop=value,...]",
    files: { keys: ["kernel", "initrd", "dumpdtb"] },
    description: "machine and its properties (-M help, -M pseries,help)",
  },
  accel: {
    names: ["accel"],
    impliedKey: "accel",
    argument: "tcg|kvm[,kvm-type=HV|PR]",
    description: "accelerator: tcg (default) or spar's models of KVM (see below)",
  },
  enableKvm: { names: ["enable-kvm"], description: "same as -M accel=kvm" },
  cpu: {
    names: ["cpu"],
    impliedKey: "model",
    argument: "MODEL[,compat=MODE]",
    description: "CPU model (-cpu help), optionally in a compat mode: power7, power8, power9",
  },
  memory: {
    names: ["m"],
    impliedKey: "size",
    argument: "[size=]SIZE",
    description: "guest RAM: MiB, or a size with suffix k, M, G, T (default 512M, at most 2G)",
  },
  smp: {
    names: ["smp"],
    impliedKey: "cpus",
    argument: "[cpus=]N[,cores=C][,threads=T][,sockets=S][,maxcpus=M]",
    description: "number of CPUs and their topology",
  },
  kernel: { names: ["kernel"], argument: "FILE", files: "value", description: "guest kernel image (ELF or raw)" },
  initrd: { names: ["initrd"], argument: "FILE", files: "value", description: "initial ramdisk (needs -kernel)" },
  append: { names: ["append"], argument: "CMDLINE", description: "kernel command line (needs -kernel)" },
  bios: { names: ["bios"], argument: "FILE", files: "value", description: "firmware image to load instead of spar's built-in one" },
  drive: {
    names: ["drive"],
    impliedKey: "file",
    argument: "if=pflash,file=FILE[,format=raw]",
    files: { keys: ["file"] },
    description: "the NVRAM's raw image (8K-1M), kept up to date as the guest writes it",
  },
  device: {
    names: ["device"],
    impliedKey: "driver",
    argument: "spapr-rng,rng=ID[,use-kvm=on|off]",
    description: "add a device (-device help): spapr-rng, the H_RANDOM random number generator",
  },
  object: {
    names: ["object"],
    impliedKey: "qom-type",
    argument: "rng-random|rng-builtin,id=ID[,filename=FILE]",
    description: "a device's backend (-object help): a random number source for spapr-rng",
  },
  nographic: { names: ["nographic"], description: "no display: guest console on stdio" },
  serial: {
    names: ["serial"],
    argument: "stdio|none|file:PATH|unix:PATH,server=on[,wait=off]|chardev:ID",
    files: { prefix: "file:" },
    description: "where the guest console goes (mon:stdio is stdio, null is none)",
  },
  chardev: {
    names: ["chardev"],
    impliedKey: "backend",
    argument: "socket,id=ID,path=PATH,server=on[,wait=off]",
    description: "a unix socket for -serial chardev:ID (attach with socat or nc -U)",
  },
  display: {
    names: ["display"],
    impliedKey: "type",
    argument: "tui|none",
    description: "tui: spar's dashboard; none: the console on the terminal (default)",
  },
  monitor: { names: ["monitor"], argument: "none", description: "spar has no QEMU monitor; only none is accepted" },
  noReboot: { names: ["no-reboot"], description: "exit instead of rebooting when the guest resets" },
  startPaused: { names: ["S"], description: "build the machine but do not start the CPUs" },
  icount: {
    names: ["icount"],
    impliedKey: "shift",
    argument: "[shift=]0[,align=off][,sleep=off]",
    description: "deterministic timebase: one guest instruction per nanosecond (default: host clock)",
  },
  rtc: {
    names: ["rtc"],
    impliedKey: "base",
    argument: "[base=]utc|localtime|DATE[,clock=host|rt|vm][,driftfix=none|slew]",
    description: "time-of-day clock: its start (DATE is 2006-06-17T16:01:21 or 2006-06-17) and what it follows",
  },
  log: { names: ["d"], argument: "ITEM[,...]", description: "log items (-d help)" },
  logFile: { names: ["D"], argument: "FILE", files: "value", description: "write the -d log to FILE instead of stderr" },
  name: { names: ["name"], impliedKey: "guest", argument: "NAME", description: "guest name" },
  config: {
    names: ["config"],
    argument: "FILE",
    description: "with -display tui: run the guests a YAML file lists, each from its own command line",
  },
  nodefaults: { names: ["nodefaults"], description: "accepted for QEMU compatibility: spar adds no default devices" },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** QEMU options that people carry over from QEMU command lines; named so the refusal is precise. */
export const UNSUPPORTED_QEMU_OPTIONS: ReadonlySet<string> = new Set([
  "hda", "hdb", "cdrom", "netdev", "net", "nic", "vga", "boot", "chardev", "global", "qmp", "gdb", "s", "snapshot", "vnc", "rtc", "numa", "incoming",
  "prom-env", "L", "trace", "pidfile", "daemonize", "usb", "usbdevice", "audiodev", "no-shutdown",
  "readconfig", "sandbox", "overcommit", "mem-path", "mem-prealloc",
]);
