/**
 * Requests per second the emulator sustains for small non-stream chat completions, on loopback,
 * with zero latency: `npx tsx src/emulator/measure-throughput.ts [seconds] [connections]`.
 * The emulator runs in a child process so the load generator (autocannon) does not share its
 * event loop.
 */
import { spawn } from "node:child_process";
import autocannon from "autocannon";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);

if (process.argv[2] === "--serve") {
  const { startEmulator, tuneProcessForEmulator } = await import("./index.js");
  tuneProcessForEmulator();
  const emulator = await startEmulator({ port: 0 });
  process.stdout.write(`${emulator.url}\n`);
} else {
  const child = spawn(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--serve"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
  const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello in one short sentence." }] });
  const options = { url: `${url}/v1/chat/completions`, method: "POST", headers: { "content-type": "application/json" }, body, connections };
  const load = (duration: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ ...options, duration });
      instance.once("done", resolve);
      instance.once("error", reject);
    });
  await load(2);
  const result = await load(seconds);
  // autocannon's result carries latency percentiles; the shared type declaration leaves them out.
  const latency = (result as unknown as { latency: { p50: number; p99: number } }).latency;
  const billed = (await (await fetch(`${url}/emulator/billed`)).json()) as { totals: { requests: number } };
  process.stdout.write(
    `${JSON.stringify({ requestsPerSecond: result.requests.average, p50Ms: latency.p50, p99Ms: latency.p99, non2xx: result.non2xx, errors: result.errors, connections, seconds, billedRequests: billed.totals.requests })}\n`,
  );
  child.kill("SIGTERM");
}
