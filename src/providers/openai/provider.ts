import { trimSlashes, type GatewayProviderDefinition } from "../gateway-provider.js";
import { chatCompletionsAdapter } from "./chat-adapter.js";
import { responsesAdapter } from "./responses-adapter.js";

/**
 * OpenAI. Base URLs are written like the SDK's (`https://api.openai.com/v1`); a bare origin gets
 * `/v1` appended, so `--upstream openai=http://127.0.0.1:9000` works.
 */
export const openaiProvider: GatewayProviderDefinition = {
  defaultBaseUrl: "https://api.openai.com/v1",
  defaultKeyEnv: "OPENAI_API_KEY",
  apis: { "openai-chat": chatCompletionsAdapter, "openai-responses": responsesAdapter },
  modelsPath: "/models",
  keyHeader: "authorization",
  defaultHeaders: {},
  defaultModelPatterns: ["gpt-*", "o1", "o1-*", "o3", "o3-*", "o4-*", "chatgpt-*", "codex-*", "computer-use-*"],
  normalizeBaseUrl: openaiBaseUrl,
};

export function openaiBaseUrl(url: string): string {
  const trimmed = trimSlashes(url);
  return new URL(trimmed).pathname === "/" ? `${trimmed}/v1` : trimmed;
}
