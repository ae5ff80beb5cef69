import { positiveInteger, type ApiAdapter } from "../response-facts.js";
import { readResponsesResponse, responsesSystemText } from "./responses-response.js";
import { ResponsesStreamMeter } from "./responses-stream-meter.js";

/** OpenAI Responses API: usage always arrives in `response.completed`, nothing to inject. */
export const responsesAdapter: ApiAdapter = {
  api: "openai-responses",
  upstreamPath: "/responses",
  prepareStream: () => ({ changed: false, hideUsage: false }),
  readResponse: readResponsesResponse,
  createStreamMeter: () => new ResponsesStreamMeter(),
  systemText: responsesSystemText,
  maxOutputTokens: (body) => positiveInteger(body.max_output_tokens),
};
