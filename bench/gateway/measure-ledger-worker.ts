/**
 * CPU per record of the ledger worker's work (decode a columnar batch, insert it into SQLite),
 * on gateway-shaped records (run, agent and hop set; tenant, user, key, session and agent id
 * absent, as in the gateway bench) appended to a ledger that already holds PREFILL rows.
 * Run: npx tsx bench/gateway/measure-ledger-worker.ts [PREFILL=100000] [BATCH=100] [ROUNDS=20]
 * Prints the median and quartiles of the rounds' CPU µs per record (process.cpuUsage: the
 * machine is shared, so wall time would mostly measure the neighbours).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallRecord } from "../../src/core/call-record.js";
import { decodeRecords, encodeRecords, transferList } from "../../src/gateway/record-batch-codec.js";
import { SqliteLedger } from "../../src/stores/sqlite/sqlite-ledger.js";

const prefill = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 100);
const rounds = Number(process.argv[4] ?? 20);
const perRound = 2_000;

let sequence = 0;
const gatewayRecord = (): CallRecord => {
  sequence++;
  return {
    id: `019aa3c2-7f10-7000-9b1c-${sequence.toString(16).padStart(12, "0")}`,
    timestamp: 1_795_363_314_000 + sequence,
    source: "gateway",
    provider: "openai",
    model: "gpt-4o-mini",
    servedModel: "gpt-4o-mini-2024-07-18",
    requestId: `019aa3c2-7f10-7000-9b1c-${sequence.toString(16).padStart(12, "0")}`,
    responseId: `chatcmpl-${sequence.toString(36).padStart(29, "x")}`,
    runId: "bench-run",
    hopId: "hop-1",
    agentName: "bench",
    usage: { inputNoCache: 19, cacheRead: 0, output: 16, reasoning: 0 },
    costPico: 12_450_000,
    latencyMs: 1.234567,
    ttftMs: 1.1,
    status: "ok",
    cacheOutcome: "miss",
    stopReason: "stop",
    fingerprints: { systemHash: "abcdef0123456789", systemTokens: 4, prefixHash: "9876543210fedcba", prefixTokens: 12 },
    decision: { vector: { valueUsd: 0.01 }, options: [], chosen: "gpt-4o-mini" },
  };
};

const directory = mkdtempSync(join(tmpdir(), "tokenomy-worker-"));
const ledger = SqliteLedger.open(join(directory, "ledger.db"));
for (let done = 0; done < prefill; done += 2_000) await ledger.append(Array.from({ length: 2_000 }, gatewayRecord));

const results: number[] = [];
for (let round = 0; round < rounds; round++) {
  const batches = Array.from({ length: perRound / batchSize }, () => {
    const batch = encodeRecords(Array.from({ length: batchSize }, gatewayRecord));
    return structuredClone(batch, { transfer: transferList(batch) });
  });
  const cpu = process.cpuUsage();
  for (const batch of batches) await ledger.append(decodeRecords(batch));
  const used = process.cpuUsage(cpu);
  results.push((used.user + used.system) / perRound);
}
results.sort((a, b) => a - b);
const at = (share: number) => results[Math.floor(share * (results.length - 1))]!.toFixed(1);
console.log(`worker CPU per record (prefill ${prefill}, batches of ${batchSize}): median ${at(0.5)} µs, quartiles ${at(0.25)}-${at(0.75)} µs`);
await ledger.close();
rmSync(directory, { recursive: true, force: true });
