// PCI configuration-space access (LoPAR "RTAS Call Definitions": read-pci-config,
// write-pci-config and their ibm, forms that name a host bridge by its 64-bit BUID). spar has no
// PCI host bridge yet, so every configuration address names a device that does not exist: QEMU
// 7.2 (hw/ppc/spapr_pci.c) answers that, a wrong argument count and a size other than 1, 2 or 4
// alike with -1, hardware error. A read also returns all ones in its value word, what a PCI
// master abort reads and what Linux assumes when the call fails (QEMU leaves the word unwritten).

import { RTAS_HARDWARE_ERROR, type Rtas } from "./rtas.ts";

const NO_DEVICE_VALUE = 0xffffffff;

export function registerPciRtas(rtas: Rtas): void {
  // (config address, size) and (config address, BUID high, BUID low, size): the value.
  for (const name of ["read-pci-config", "ibm,read-pci-config"]) {
    rtas.register({
      name,
      run: ({ rets }) => {
        rets.push(NO_DEVICE_VALUE);
        return RTAS_HARDWARE_ERROR;
      },
    });
  }
  // (config address, size, value) and (config address, BUID high, BUID low, size, value).
  for (const name of ["write-pci-config", "ibm,write-pci-config"]) rtas.register({ name, run: () => RTAS_HARDWARE_ERROR });
}
