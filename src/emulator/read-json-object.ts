import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDialect } from "./api-dialect.js";
import type { EmulatorState } from "./emulator-state.js";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.js";
import { isRecord } from "./invalid-request.js";

/** Reads and parses a JSON object body, or answers 400/413 in the dialect's shape and returns undefined. */
export async function readJsonObject(
  request: IncomingMessage,
  response: ServerResponse,
  state: EmulatorState,
  dialect: ApiDialect,
  requestId: string,
): Promise<{ raw: string; body: Record<string, unknown> } | undefined> {
  let raw: string;
  try {
    raw = await readBody(request, state.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(response, 413, dialect.errorBody(413, "Request exceeds the maximum allowed number of bytes.", requestId), dialect.responseHeaders(requestId));
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    const message =
      dialect.name === "openai"
        ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
        : "There was an error parsing the body of your request: invalid JSON";
    sendJson(response, 400, dialect.errorBody(400, message, requestId), dialect.responseHeaders(requestId));
    return undefined;
  }
  if (!isRecord(body)) {
    sendJson(response, 400, dialect.errorBody(400, "The request body must be a JSON object.", requestId), dialect.responseHeaders(requestId));
    return undefined;
  }
  return { raw, body };
}
