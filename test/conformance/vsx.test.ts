// Vector-scalar (VSX) differential cases recorded from qemu-system-ppc64, replayed on spar (replay.ts).
import { replayChapter } from "./replay.ts";

replayChapter("vsx");
