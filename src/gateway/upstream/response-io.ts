import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";

/** Reads a whole upstream body, refusing past `limitBytes`. Event-driven: one promise, not one per chunk. */
export function readAll(body: Readable, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        body.destroy(Object.assign(new Error(`upstream body exceeds ${limitBytes} bytes`), { code: "BODY_TOO_LARGE" }));
        return;
      }
      chunks.push(chunk);
    });
    body.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    body.once("error", reject);
  });
}

/** Resolves when the client can take more bytes, or when it went away. */
export function waitForDrain(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}
