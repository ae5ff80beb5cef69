import { trimSlashes, type GatewayProviderDefinition } from "../gateway-provider.js";
import { messagesAdapter } from "./messages-adapter.js";

/** Anthropic. Base URLs are written like the SDK's (`https://api.anthropic.com`), without `/v1`. */
export const anthropicProvider: GatewayProviderDefinition = {
  defaultBaseUrl: "https://api.anthropic.com",
  defaultKeyEnv: "ANTHROPIC_API_KEY",
  apis: { "anthropic-messages": messagesAdapter },
  modelsPath: "/v1/models",
  countTokensPath: "/v1/messages/count_tokens",
  keyHeader: "x-api-key",
  defaultHeaders: { "anthropic-version": "2023-06-01" },
  defaultModelPatterns: ["claude-*"],
  normalizeBaseUrl: (url) => trimSlashes(url).replace(/\/v1$/, ""),
};
