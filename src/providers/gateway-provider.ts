import type { ClientApi } from "../core/call-context.js";
import type { ApiAdapter } from "./response-facts.js";

/** A wire format the gateway can forward to: its APIs, how it authenticates, where it lives. */
export interface GatewayProviderDefinition {
  /** Base URL of the public service; none for OpenAI-compatible servers (they must be configured). */
  readonly defaultBaseUrl?: string;
  /** Environment variable holding the gateway's key when the config names none. */
  readonly defaultKeyEnv?: string;
  readonly apis: Partial<Record<ClientApi, ApiAdapter>>;
  /** Upstream path (under the base URL) of the model list, when the server has one. */
  readonly modelsPath?: string;
  /** Upstream path of token counting, when the server has one. */
  readonly countTokensPath?: string;
  /** Request header that carries the key, and how its value is written. */
  readonly keyHeader: "authorization" | "x-api-key";
  /** Headers the official SDK always sends, added when the client did not. */
  readonly defaultHeaders: Readonly<Record<string, string>>;
  /** Default model routes of this kind (globs), tried after the configured ones. */
  readonly defaultModelPatterns: readonly string[];
  /** Normalizes a configured base URL to the form paths are appended to. */
  normalizeBaseUrl(url: string): string;
}

/** Removes trailing slashes. */
export function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}
