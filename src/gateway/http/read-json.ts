import type { IncomingMessage } from "node:http";
import { TokenomyError } from "../../core/errors/index.js";
import { readBody } from "./read-body.js";

/** Accepts `application/json` (any charset) and `+json` types; a request with no type is read as JSON. */
export function assertJsonContentType(request: IncomingMessage): void {
  const type = request.headers["content-type"];
  if (type === undefined || type === "application/json") return;
  const mediaType = type.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType === "application/json" || mediaType.endsWith("+json")) return;
  throw new TokenomyError("unsupported_media_type", `content-type must be application/json, got ${JSON.stringify(type)}`);
}

/** Reads and parses a JSON object body, keeping its bytes so an unchanged body is forwarded as sent. */
export async function readJsonObject(request: IncomingMessage, limitBytes: number): Promise<{ bytes: Buffer; body: Record<string, unknown> }> {
  assertJsonContentType(request);
  const bytes = await readBody(request, limitBytes);
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new TokenomyError("invalid_json", `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TokenomyError("invalid_request", "the request body must be a JSON object");
  }
  return { bytes, body: body as Record<string, unknown> };
}
