import { positiveInteger, type ApiAdapter } from "../response-facts.js";
import { messagesSystemText, readMessagesResponse } from "./messages-response.js";
import { MessagesStreamMeter } from "./messages-stream-meter.js";

/** Anthropic Messages: streams always carry usage in `message_start` and `message_delta`. */
export const messagesAdapter: ApiAdapter = {
  api: "anthropic-messages",
  upstreamPath: "/v1/messages",
  prepareStream: () => ({ changed: false, hideUsage: false }),
  readResponse: readMessagesResponse,
  createStreamMeter: () => new MessagesStreamMeter(),
  systemText: messagesSystemText,
  maxOutputTokens: (body) => positiveInteger(body.max_tokens),
};
