import type { IncomingMessage, ServerResponse } from "node:http";
import { deliverJson, deliverStream } from "./deliver.js";
import type { EmulatorState } from "./emulator-state.js";
import { runGeneration } from "./engine.js";
import { decideFault, FAULT_HEADER, type FaultKind } from "./faults.js";
import type { GenerationApi } from "./generation-apis.js";
import { sendJson } from "./http-io.js";
import { InvalidRequest } from "./invalid-request.js";
import { hashString } from "./random.js";
import { readJsonObject } from "./read-json-object.js";

/** Request header fixing the length of the text answer, in tokens (for tests that need a given size). */
export const OUTPUT_TOKENS_HEADER = "x-emulator-output-tokens";

const FAULT_MESSAGES: Record<"429" | "500" | "529", string> = {
  "429": "Rate limit reached for requests (emulated). Please try again later.",
  "500": "The server had an error while processing your request (emulated).",
  "529": "Overloaded (emulated)",
};

function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function forcedOutputTokens(request: IncomingMessage): number | undefined {
  const text = headerText(request, OUTPUT_TOKENS_HEADER);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidRequest(`${OUTPUT_TOKENS_HEADER} must be a non-negative integer`);
  return value;
}

function sendFault(kind: "429" | "500" | "529", api: GenerationApi, response: ServerResponse, state: EmulatorState, requestId: string): void {
  const { dialect } = api;
  // OpenAI has no 529: its overload answer is a 503.
  const status = kind === "529" && dialect.name === "openai" ? 503 : Number(kind);
  const headers = { ...dialect.responseHeaders(requestId) };
  if (kind === "429") Object.assign(headers, dialect.rateLimitHeaders(state.retryAfterSeconds, state.now()));
  if (kind === "529") headers["retry-after"] = String(state.retryAfterSeconds);
  sendJson(response, status, dialect.errorBody(status, FAULT_MESSAGES[kind], requestId), headers);
}

/**
 * One generation request from body to billing: parse, maybe inject a fault, run the emulated
 * model, deliver whole or streamed (maybe cut or malformed), bill what was delivered.
 */
export async function serveGeneration(
  api: GenerationApi,
  request: IncomingMessage,
  response: ServerResponse,
  state: EmulatorState,
  requestId: string,
  hanging: Set<ServerResponse>,
): Promise<void> {
  const parsed = await readJsonObject(request, response, state, api.dialect, requestId);
  if (!parsed) return;
  state.sequence += 1;
  const decision = decideFault(headerText(request, FAULT_HEADER), String(hashString(parsed.raw)), state);
  if ("invalid" in decision) throw new InvalidRequest(decision.invalid);
  const fault: FaultKind | undefined = decision.kind;
  const emulated = api.parse(parsed.body, forcedOutputTokens(request));
  if (fault) state.ledger.countFault(fault);
  if (fault === "429" || fault === "500" || fault === "529") return sendFault(fault, api, response, state, requestId);
  if (fault === "timeout") {
    // Hang until the client gives up; close() destroys what is left.
    hanging.add(response);
    response.on("close", () => hanging.delete(response));
    return;
  }
  const generation = runGeneration(emulated, state);
  const headers = api.dialect.responseHeaders(requestId);
  if (parsed.body.stream === true) await deliverStream(response, state, generation, api.frames(generation, parsed.body), headers, fault);
  else await deliverJson(response, state, generation, api.jsonBody(generation, parsed.body), headers, fault);
}
