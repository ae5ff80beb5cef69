import type { GatewayProviderDefinition } from "../gateway-provider.js";
import { chatCompletionsAdapter } from "../openai/chat-adapter.js";
import { openaiBaseUrl } from "../openai/provider.js";
import { responsesAdapter } from "../openai/responses-adapter.js";

/**
 * Any server speaking the OpenAI wire format (vLLM, Ollama, Groq, Together, OpenRouter...),
 * declared in config with its base URL. It reuses the OpenAI adapters; it has no default models.
 */
export const openaiCompatibleProvider: GatewayProviderDefinition = {
  apis: { "openai-chat": chatCompletionsAdapter, "openai-responses": responsesAdapter },
  modelsPath: "/models",
  keyHeader: "authorization",
  defaultHeaders: {},
  defaultModelPatterns: [],
  normalizeBaseUrl: openaiBaseUrl,
};
