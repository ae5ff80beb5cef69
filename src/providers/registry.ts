import { anthropicProvider } from "./anthropic/provider.js";
import type { GatewayProviderDefinition } from "./gateway-provider.js";
import { openaiCompatibleProvider } from "./openai-compatible/provider.js";
import { openaiProvider } from "./openai/provider.js";

export type { GatewayProviderDefinition } from "./gateway-provider.js";

/**
 * Every wire format the gateway forwards to, one line each. Adding one is a folder
 * `src/providers/<kind>/` and a line here; a kind without an entry fails to compile.
 */
export const providerKinds = ["openai", "anthropic", "openai-compatible"] as const;
export type ProviderKind = (typeof providerKinds)[number];

export const gatewayProviders = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  "openai-compatible": openaiCompatibleProvider,
} as const satisfies Record<ProviderKind, GatewayProviderDefinition>;
