import { parentPort, workerData } from "node:worker_threads";
import type { CallRecord } from "../core/call-record.js";
import type { LedgerEvent } from "../core/ledger-event.js";
import { openLedger } from "../stores/registry.js";

/**
 * Worker thread that owns the ledger connection the gateway writes through, so that the SQLite
 * store's synchronous inserts never pause the thread serving requests.
 */
interface WriteMessage {
  id: number;
  records?: CallRecord[];
  events?: LedgerEvent[];
  close?: boolean;
}

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
      if (message.records && message.records.length > 0) await ledger.append(message.records);
      if (message.events && message.events.length > 0) await ledger.appendEvents(message.events);
      port.postMessage({ id: message.id });
    } catch (error) {
      port.postMessage({ id: message.id, error: (error as Error).message ?? String(error) });
    }
  })();
});
port.postMessage({ ready: true });
