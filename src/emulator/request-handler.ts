import type { IncomingMessage, ServerResponse } from "node:http";
import { anthropicDialect } from "./anthropic/dialect.js";
import { anthropicPromptSegments } from "./anthropic/messages-request.js";
import type { ApiDialect } from "./api-dialect.js";
import { resetEmulatorState, type EmulatorState } from "./emulator-state.js";
import { serveGeneration } from "./generation-route.js";
import { generationApiFor } from "./generation-apis.js";
import { sendJson } from "./http-io.js";
import { InvalidRequest } from "./invalid-request.js";
import { measurePrompt } from "./measure-prompt.js";
import { readJsonObject } from "./read-json-object.js";
import { anthropicModelsList, openAiModelsList } from "./models-list.js";
import { openAiDialect } from "./openai/dialect.js";

const KNOWN_PATHS = new Set(["/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/messages/count_tokens", "/v1/models", "/emulator/billed", "/emulator/reset"]);

function dialectFor(path: string, request: IncomingMessage): ApiDialect {
  if (path.startsWith("/v1/messages")) return anthropicDialect;
  return request.headers["anthropic-version"] !== undefined ? anthropicDialect : openAiDialect;
}

async function countTokens(request: IncomingMessage, response: ServerResponse, state: EmulatorState, requestId: string): Promise<void> {
  const parsed = await readJsonObject(request, response, state, anthropicDialect, requestId);
  if (!parsed) return;
  if (typeof parsed.body.model !== "string") throw new InvalidRequest("model: Field required");
  const prompt = measurePrompt(anthropicPromptSegments(parsed.body), parsed.body.model, false);
  sendJson(response, 200, { input_tokens: prompt.totalTokens }, anthropicDialect.responseHeaders(requestId));
}

/**
 * The emulator's HTTP entry point. Generation routes go to `serveGeneration`; the rest are small:
 * models, count_tokens, the billing ledger (`GET /emulator/billed`) and its reset.
 */
export function createRequestHandler(state: EmulatorState, hanging: Set<ServerResponse>) {
  let requestCounter = 0;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const dialect = dialectFor(path, request);
    const requestId = `req_emu${(++requestCounter).toString(36).padStart(10, "0")}`;
    try {
      const api = generationApiFor(path);
      if (api && request.method === "POST") return await serveGeneration(api, request, response, state, requestId, hanging);
      if (path === "/v1/messages/count_tokens" && request.method === "POST") return await countTokens(request, response, state, requestId);
      if (path === "/v1/models" && request.method === "GET") {
        return sendJson(response, 200, dialect === anthropicDialect ? anthropicModelsList() : openAiModelsList(), dialect.responseHeaders(requestId));
      }
      if (path === "/emulator/billed" && request.method === "GET") return sendJson(response, 200, state.ledger.report());
      if (path === "/emulator/reset" && request.method === "POST") {
        resetEmulatorState(state);
        return sendJson(response, 200, { reset: true });
      }
      const status = KNOWN_PATHS.has(path) ? 405 : 404;
      const message = status === 405 ? `Method ${request.method} not allowed on ${path}` : `Unknown request URL: ${request.method} ${path}.`;
      sendJson(response, status, dialect.errorBody(status, message, requestId), dialect.responseHeaders(requestId));
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof InvalidRequest) {
        sendJson(response, error.status, dialect.errorBody(error.status, error.message, requestId, error.param), dialect.responseHeaders(requestId));
        return;
      }
      sendJson(response, 500, dialect.errorBody(500, `Emulator error: ${(error as Error).message}`, requestId), dialect.responseHeaders(requestId));
    }
  };
}
