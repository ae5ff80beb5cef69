/**
 * Measures the SQLite ledger on generated records: insert throughput (batches of 2,000, one
 * transaction each), aggregate times and a full records() stream.
 * Records arrive in time order, as a gateway or a chronological log writes them.
 * Run: npx tsx src/stores/sqlite/measure-sqlite-ledger.ts [COUNT] [SPAN_DAYS] [TARGET]
 * (TARGET may be a postgres:// URL to measure that store instead.) CPU time is printed beside
 * wall time because the machines this runs on are often shared.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LedgerQuery } from "../../core/ledger.js";
import { APPEND_BATCH_SIZE } from "../append-stream.js";
import { generateRecords } from "../generate-records.js";
import { openLedger } from "../registry.js";

const count = Number(process.argv[2] ?? 1_000_000);
const directory = mkdtempSync(join(tmpdir(), "tokenomy-measure-"));
const spanMs = Number(process.argv[3] ?? 365) * 86_400_000;
const target = process.argv[4] ?? join(directory, "ledger.db");
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const ledger = await openLedger(target);

let inserted = 0;
let insertMs = 0;
let insertCpuMs = 0;
for (let batch = 0; inserted < count; batch++) {
  const size = Math.min(APPEND_BATCH_SIZE, count - inserted);
  const startMs = Date.UTC(2026, 0, 1) + Math.floor((inserted / count) * spanMs);
  const records = generateRecords(size, { seed: batch + 1, edgeShare: 0, ordered: true, startMs, spanMs: Math.floor((size / count) * spanMs) });
  const started = performance.now();
  const cpu = process.cpuUsage();
  inserted += await ledger.append(records);
  insertMs += performance.now() - started;
  insertCpuMs += cpuSince(cpu);
}
const perSecond = (ms: number) => Math.round(inserted / (ms / 1000)).toLocaleString("en-US");
console.log(
  `${ledger.kind}: inserted ${inserted.toLocaleString("en-US")} records over ${process.argv[3] ?? 365} days in ${seconds(insertMs)} s wall ` +
    `(${perSecond(insertMs)} records/s), ${seconds(insertCpuMs)} s CPU (${perSecond(insertCpuMs)} records per CPU second)`,
);
if (!target.includes("://")) console.log(`file size ${(statSync(target).size / 1_048_576).toFixed(0)} MB`);

const queries: LedgerQuery[] = [
  {},
  { groupBy: "model" },
  { bucket: "day", timeZone: "Europe/Berlin" },
  { groupBy: "agent", bucket: "day", timeZone: "America/New_York" },
  { groupBy: "session", bucket: "week", timeZone: "Asia/Kathmandu" },
  { groupBy: "project", bucket: "month", since: Date.UTC(2026, 5, 1), until: Date.UTC(2026, 6, 1) },
];
for (const query of queries) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { rows, totals } = await ledger.aggregate(query);
  console.log(`aggregate ${JSON.stringify(query)}: ${(performance.now() - started).toFixed(0)} ms wall, ${cpuSince(cpu).toFixed(0)} ms CPU, ${rows.length} rows, ${totals.calls} calls`);
}
const started = performance.now();
const cpu = process.cpuUsage();
let streamed = 0;
for await (const _ of ledger.records()) streamed++;
console.log(`records(): streamed ${streamed.toLocaleString("en-US")} in ${seconds(performance.now() - started)} s wall, ${seconds(cpuSince(cpu))} s CPU`);
console.log(`peak resident memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await ledger.close();
rmSync(directory, { recursive: true, force: true });
