import { once } from "node:events";
import { createServer, ServerResponse, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAbort } from "./upstream-error.js";
import { UpstreamExchange } from "./upstream-exchange.js";

/** A real upstream on loopback: `/bytes?n=N&chunk=C` sends N bytes in chunks of C, `/slow` never answers, `/broken` cuts its body. */
let server: Server;
let pool: Pool;
const seen = { requests: 0, closedEarly: 0 };
beforeAll(async () => {
  server = createServer((request, response) => void answer(request, response));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
});
afterAll(async () => {
  await pool.close();
  server.close();
});

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  seen.requests++;
  const url = new URL(request.url!, "http://upstream");
  if (url.pathname === "/slow") {
    request.socket.once("close", () => seen.closedEarly++);
    return;
  }
  const total = Number(url.searchParams.get("n") ?? 0);
  const chunk = Number(url.searchParams.get("chunk") ?? total);
  response.writeHead(200, { "content-type": "application/octet-stream", ...(url.pathname === "/broken" ? { "content-length": String(total * 2) } : {}) });
  for (let sent = 0; sent < total; sent += chunk) {
    response.write(pattern(sent, Math.min(chunk, total - sent)));
    if (chunk < total) await new Promise((resolve) => setImmediate(resolve));
  }
  if (url.pathname === "/broken") setTimeout(() => response.socket?.destroy(), 10);
  else response.end();
}

/** Bytes whose value depends on their offset, so order and completeness show. */
function pattern(offset: number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, index) => (offset + index) % 251));
}

/** A stand-in for the client's response: the exchange only listens to its `abort` event. */
function clientStandIn(): ServerResponse {
  return new ServerResponse({ method: "POST" } as IncomingMessage);
}

function exchange(path: string, client = clientStandIn()): UpstreamExchange {
  const upstream = new UpstreamExchange(client);
  pool.dispatch({ path, method: "GET" }, upstream);
  return upstream;
}

describe("upstream exchange", () => {
  it("reads a whole body, byte-exact", async () => {
    const upstream = exchange("/bytes?n=100000&chunk=7000");
    await upstream.head;
    expect(upstream.statusCode).toBe(200);
    expect(upstream.headers["content-type"]).toBe("application/octet-stream");
    expect((await upstream.readAll(1_000_000)).equals(pattern(0, 100_000))).toBe(true);
  });

  it("hands chunks over in order, waiting while the consumer asks to", async () => {
    const upstream = exchange("/bytes?n=200000&chunk=5000");
    await upstream.head;
    const received: Buffer[] = [];
    let calls = 0;
    await upstream.forEachChunk((chunk) => {
      received.push(chunk);
      if (++calls % 3 !== 0) return true;
      setTimeout(() => upstream.resume(), 1);
      return false;
    });
    expect(Buffer.concat(received).equals(pattern(0, 200_000))).toBe(true);
  });

  it("hands over chunks that arrived before the consumer", async () => {
    const upstream = exchange("/bytes?n=300");
    await upstream.head;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const received: Buffer[] = [];
    await upstream.forEachChunk((chunk) => received.push(chunk) > 0);
    expect(Buffer.concat(received).equals(pattern(0, 300))).toBe(true);
  });

  it("aborts the upstream request when the client goes away before the answer", async () => {
    const client = clientStandIn();
    const closedBefore = seen.closedEarly;
    const upstream = exchange("/slow", client);
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.emit("abort");
    const error = await upstream.head.catch((failure: unknown) => failure);
    expect(isAbort(error)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.closedEarly).toBe(closedBefore + 1);
  });

  it("does not call the upstream for a client already gone", async () => {
    const client = clientStandIn();
    client.destroy();
    const requestsBefore = seen.requests;
    const error = await exchange("/slow", client).head.catch((failure: unknown) => failure);
    expect(isAbort(error)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.requests).toBe(requestsBefore);
  });

  it("stops handing over kept chunks when aborted after the upstream ended", async () => {
    const upstream = exchange("/bytes?n=300&chunk=100");
    await upstream.head;
    await new Promise((resolve) => setTimeout(resolve, 20));
    let calls = 0;
    const reading = upstream.forEachChunk(() => {
      calls++;
      return false;
    });
    upstream.abort();
    upstream.resume();
    expect(isAbort(await reading.catch((failure: unknown) => failure))).toBe(true);
    expect(calls).toBe(1);
  });

  it("stops a stream when the consumer aborts", async () => {
    const upstream = exchange("/bytes?n=200000&chunk=1000");
    await upstream.head;
    let calls = 0;
    const error = await upstream
      .forEachChunk(() => {
        if (++calls === 3) upstream.abort();
        return true;
      })
      .catch((failure: unknown) => failure);
    expect(isAbort(error)).toBe(true);
    expect(calls).toBeLessThan(200);
  });

  it("refuses a body past the limit", async () => {
    const upstream = exchange("/bytes?n=50000&chunk=10000");
    await upstream.head;
    const error = await upstream.readAll(20_000).catch((failure: unknown) => failure);
    expect((error as { code?: string }).code).toBe("BODY_TOO_LARGE");
  });

  it("fails a read when the upstream breaks off its body, and not as an abort", async () => {
    const upstream = exchange("/broken?n=1000");
    await upstream.head;
    const error = await upstream.readAll(1_000_000).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(isAbort(error)).toBe(false);
  });
});
