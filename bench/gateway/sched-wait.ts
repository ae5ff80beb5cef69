/**
 * How long the gateway's request thread waits for a core, per call, at a fixed rate: the run-queue
 * wait of /proc/PID/task/PID/schedstat (Linux), which counts the time the thread was ready to run
 * but a core was busy with something else (the ledger worker, the load generator, the emulator,
 * other processes). Less sensitive to the machine's other load than a p99 of latencies, since
 * it is the one thread's own account.
 * Run: npx tsx bench/gateway/sched-wait.ts [RATE=1000] [SECONDS=10] [ROUNDS=3]
 * To compare variants, name them in SCHED_ARMS (default: one arm, "default"; the arm "bare" runs
 * the bare proxy instead of tokenomy) and give each its server environment as JSON in
 * SCHED_ENV_<arm>; the arms alternate within each round. Each round starts a fresh server and
 * warms it for 2 s. The two other threads printed are the busiest (for tokenomy: the ledger
 * worker, then V8's helper).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPacedLoad } from "./paced-load.js";
import { startTsServer } from "./servers.js";

const rate = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 3);
const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Say hi" }], max_tokens: 16 });
const headers = { "content-type": "application/json", authorization: "Bearer sk-bench", "x-tokenomy-run-id": "bench-run", "x-tokenomy-agent": "bench", "x-tokenomy-hop-id": "hop-1" };

/** Per thread: [cpu ns, run-queue wait ns]. */
function threads(pid: number): Map<string, [number, number]> {
  const result = new Map<string, [number, number]>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const [cpu, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
    const name = tid === String(pid) ? "main" : readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim() + ":" + tid;
    result.set(name, [cpu!, wait!]);
  }
  return result;
}

const directory = mkdtempSync(join(tmpdir(), "tokenomy-sched-"));
const emulator = await startTsServer("emulator", "bench/gateway/emulator-server.ts");
const upstream = `http://127.0.0.1:${emulator.port}`;
for (let round = 0; round < rounds; round++) {
  for (const arm of (process.env.SCHED_ARMS ?? "default").split(",")) {
    const environment = JSON.parse(process.env[`SCHED_ENV_${arm}`] ?? "{}") as Record<string, string>;
    Object.assign(process.env, environment); // the server inherits it
    const server =
      arm === "bare"
        ? await startTsServer("bare proxy", "bench/gateway/bare-proxy.ts", [upstream])
        : await startTsServer("tokenomy", "bench/gateway/tokenomy-server.ts", [upstream, join(directory, `${arm}-${round}.db`)]);
    for (const key of Object.keys(environment)) delete process.env[key];
    const url = `http://127.0.0.1:${server.port}/v1/chat/completions`;
    await runPacedLoad({ url, headers, body, durationSeconds: 2, rate });
    const before = threads(server.process.pid!);
    const result = await runPacedLoad({ url, headers, body, durationSeconds: seconds, rate });
    const after = threads(server.process.pid!);
    const calls = rate * seconds;
    const per = (name: string, field: 0 | 1) => ((after.get(name)![field] - before.get(name)![field]) / calls / 1000).toFixed(1);
    const busiest = [...after.keys()].filter((name) => name !== "main" && before.has(name)).sort((a, b) => after.get(b)![0] - before.get(b)![0] - (after.get(a)![0] - before.get(a)![0]));
    console.log(
      `${arm} round ${round + 1}: main thread CPU ${per("main", 0)} µs/call, run-queue wait ${per("main", 1)} µs/call; ` +
        busiest.slice(0, 2).map((name) => `${name} CPU ${per(name, 0)} wait ${per(name, 1)}`).join(", ") +
        `; p99 ${result.p99Ms.toFixed(2)} ms`,
    );
    await server.stop();
  }
}
await emulator.stop();
rmSync(directory, { recursive: true, force: true });
