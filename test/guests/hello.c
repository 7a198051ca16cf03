/* hello: the smallest guest. Prints one line and exits 0.
 * Expected console output:
 *   Hello from a POWER guest
 *   exit 0
 */
#include "runtime/hv.h"

int main(void *fdt)
{
	(void)fdt;
	puts("Hello from a POWER guest\n");
	return 0;
}
