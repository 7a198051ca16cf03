// Fixed-point differential cases recorded from qemu-system-ppc64, replayed on spar (replay.ts).
import { replayChapter } from "./replay.ts";

replayChapter("fixed-point");
