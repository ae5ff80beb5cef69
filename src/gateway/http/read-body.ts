import type { IncomingMessage } from "node:http";
import { TokenomyError } from "../../core/errors/index.js";

/**
 * Reads a request body up to `limitBytes`. A declared or actual size past the limit rejects with
 * `body_too_large`; the rest of the upload is drained, not read, so the socket stays usable.
 *
 * @example
 * const bytes = await readBody(request, 10 * 1024 * 1024);
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > limitBytes) {
    request.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.on("error", (error) => {
      if (!failed) reject(new TokenomyError("invalid_request", "the request body could not be read", { cause: error }));
      failed = true;
    });
  });
}

function tooLarge(limitBytes: number): TokenomyError {
  return new TokenomyError("body_too_large", `request body exceeds the gateway's limit of ${limitBytes} bytes`, {
    details: { limitBytes },
  });
}
