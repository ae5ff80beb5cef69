import { startGateway } from "../../src/gateway/index.js";
import { reportLoopDelay } from "./loop-delay.js";

/** tokenomy with metering and attribution on, ledger in a SQLite file. Usage: tokenomy-server.ts UPSTREAM_URL DB_FILE [POLICIES_JSON] [COUNTERS] */
const [upstream, db, policies, counters] = process.argv.slice(2);
if (!upstream || !db) throw new Error("usage: tokenomy-server.ts UPSTREAM_URL DB_FILE [POLICIES_JSON] [COUNTERS]");
const gateway = await startGateway({
  port: 0,
  db,
  upstreams: { openai: upstream, anthropic: upstream },
  env: {},
  config: { ...(policies ? { policies: JSON.parse(policies) } : {}), ...(counters ? { counters } : {}) },
  ledgerInWorker: process.env.BENCH_LEDGER_WORKER !== "0",
});
process.stdout.write(`READY ${gateway.port}\n`);
process.on("SIGTERM", () => void gateway.close().then(() => process.exit(0)));
reportLoopDelay();
