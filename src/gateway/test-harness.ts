import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallRecord } from "../core/call-record.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../emulator/index.js";
import { openLedger } from "../stores/registry.js";
import { startGateway, type RunningGateway, type StartGatewayOptions } from "./index.js";

export interface Harness {
  emulator: RunningEmulator;
  gateway: RunningGateway;
  dbPath: string;
  /** Flushes the gateway's writer and reads every record from a second connection to the ledger file. */
  records(): Promise<CallRecord[]>;
  close(): Promise<void>;
}

/** Emulator upstream plus a gateway on a temporary SQLite ledger, both on random loopback ports. */
export async function startHarness(
  options: Omit<StartGatewayOptions, "upstreams" | "port" | "db"> = {},
  emulatorOptions: EmulatorOptions = {},
): Promise<Harness> {
  const directory = mkdtempSync(join(tmpdir(), "tokenomy-gateway-"));
  const dbPath = join(directory, "ledger.db");
  const emulator = await startEmulator({ seed: 1, ...emulatorOptions });
  const gateway = await startGateway({ port: 0, db: dbPath, upstreams: { openai: emulator.url, anthropic: emulator.url }, env: {}, ...options });
  return {
    emulator,
    gateway,
    dbPath,
    async records() {
      await gateway.runtime.writer.flush();
      const ledger = await openLedger(dbPath);
      try {
        const records: CallRecord[] = [];
        for await (const record of ledger.records()) records.push(record);
        return records;
      } finally {
        await ledger.close();
      }
    },
    async close() {
      await gateway.close();
      await emulator.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
