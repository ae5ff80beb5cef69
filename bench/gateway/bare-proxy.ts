import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { reportLoopDelay } from "./loop-delay.js";

/**
 * The physical floor: a pass-through proxy with nothing but node:http and an undici pool, no
 * parsing, no metering. Usage: bare-proxy.ts UPSTREAM_URL
 */
const upstream = process.argv[2];
if (!upstream) throw new Error("usage: bare-proxy.ts UPSTREAM_URL");
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 30_000 });
const hopByHop = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length"]);

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const headers: Record<string, string> = {};
    for (const name in request.headers) if (!hopByHop.has(name)) headers[name] = String(request.headers[name]);
    pool
      .request({ path: request.url ?? "/", method: request.method as "POST", headers, body: Buffer.concat(chunks) })
      .then(async (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const name in answer.headers) if (!hopByHop.has(name)) out[name] = answer.headers[name]!;
        response.writeHead(answer.statusCode, out);
        for await (const chunk of answer.body) response.write(chunk);
        response.end();
      })
      .catch(() => {
        response.writeHead(502);
        response.end();
      });
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
reportLoopDelay();
process.on("SIGTERM", () => process.exit(0));
