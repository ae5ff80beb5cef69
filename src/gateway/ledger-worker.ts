import { parentPort, workerData } from "node:worker_threads";
import { openLedger } from "../stores/registry.js";
import { decodeRecords } from "./record-batch-codec.js";
import { lowerThreadPriority } from "./thread-priority.js";
import type { WriteMessage } from "./worker-ledger-sink.js";

/**
 * Worker thread that owns the ledger connection the gateway writes through, so that the SQLite
 * store's synchronous inserts never pause the thread serving requests, nor, at the lowest CPU
 * priority, take its core while a call waits (thread-priority.ts).
 */
lowerThreadPriority();

const port = parentPort!;
const ledger = await openLedger((workerData as { target: string }).target);
port.on("message", (message: WriteMessage) => {
  void (async () => {
    try {
      if (message.close) {
        await ledger.close();
        port.postMessage({ id: message.id });
        port.close();
        return;
      }
      if (message.records && message.records.count > 0) await ledger.append(decodeRecords(message.records));
      if (message.events && message.events.length > 0) await ledger.appendEvents(message.events);
      port.postMessage({ id: message.id });
    } catch (error) {
      port.postMessage({ id: message.id, error: (error as Error).message ?? String(error) });
    }
  })();
});
port.postMessage({ ready: true });
