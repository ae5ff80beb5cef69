import { Pool } from "undici";

/**
 * One request at a time on one connection, so no queueing hides the per-request cost: prints
 * p50/p90/p99 per target port, two rounds. Usage: tsx bench/gateway/sequential-latency.ts PORT...
 */
const [, , ...ports] = process.argv;
const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Say hi" }], max_tokens: 16 });
for (let round = 0; round < 2; round++) for (const port of ports) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
  const times: number[] = [];
  for (let index = 0; index < 3000; index++) {
    const start = performance.now();
    const answer = await pool.request({ path: "/v1/chat/completions", method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk" }, body });
    await answer.body.arrayBuffer();
    if (index >= 500) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(port, "p50", times[Math.floor(times.length / 2)]!.toFixed(3), "p90", times[Math.floor(times.length * 0.9)]!.toFixed(3), "p99", times[Math.floor(times.length * 0.99)]!.toFixed(3));
  await pool.close();
}
