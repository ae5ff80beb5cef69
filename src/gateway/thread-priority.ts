import { readlinkSync } from "node:fs";
import { constants, setPriority } from "node:os";

/**
 * Puts the calling thread at the lowest CPU priority (nice 19). The ledger worker calls it: when
 * it shares a core with the thread serving requests, a batch of inserts woken by the writer
 * (milliseconds of SQLite work) would otherwise take the core first and hold calls arriving
 * meanwhile; at the lowest priority the kernel hands the core back as soon as a call comes in, and
 * the batch finishes in the gaps. Linux only: there the nice value belongs to each thread, named
 * by /proc/thread-self. Elsewhere it would lower the whole process, so nothing is done.
 * Returns whether the priority was lowered.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== "linux") return false;
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(threadId, constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false; // no /proc mounted: run at the default priority
  }
}
