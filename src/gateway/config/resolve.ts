import { TokenomyError } from "../../core/errors/index.js";
import { policyFactories, policyNames, type PolicyName } from "../../policies/registry.js";
import { gatewayProviders, providerKinds, type GatewayProviderDefinition, type ProviderKind } from "../../providers/registry.js";
import { describeIssues } from "./load.js";
import type { GatewayConfigInput, ProviderConfigInput } from "./schema.js";

export interface ResolvedProvider {
  name: string;
  kind: ProviderKind;
  definition: GatewayProviderDefinition;
  /** Normalized base URL, paths are appended to it. */
  baseUrl: string;
  /** The gateway's own key; undefined means the client's key is forwarded. */
  apiKey: string | undefined;
  connections: number;
  timeoutMs: number;
}

export interface ResolvedGatewayConfig {
  host: string;
  port: number;
  db: string;
  /** `memory` or `redis://HOST:PORT[?prefix=...]`. */
  counters: string;
  adminKey: string | undefined;
  maxBodyBytes: number;
  keyCacheTtlMs: number;
  flushIntervalMs: number;
  maxBatchRecords: number;
  streamCostComment: boolean;
  providers: Map<string, ResolvedProvider>;
  /** Model routes, configured ones first, then each provider's defaults. */
  modelRoutes: { pattern: RegExp; provider: string }[];
  policies: { name: PolicyName; options: unknown }[];
}

/** Values the command line sets over the file. */
export interface ConfigOverrides {
  host?: string;
  port?: number;
  db?: string;
  counters?: string;
  adminKey?: string;
  /** Provider name to base URL (`--upstream openai=URL`). */
  upstreams?: Record<string, string>;
}

export const defaults = {
  host: "127.0.0.1",
  port: 8787,
  db: "./tokenomy.db",
  counters: "memory",
  maxBodyBytes: 10 * 1024 * 1024,
  keyCacheTtlMs: 10_000,
  flushIntervalMs: 100,
  maxBatchRecords: 1024,
  connections: 128,
  timeoutMs: 600_000,
} as const;

/** Second step after validation: defaults, secrets from the environment, routes and policies. */
export function resolveGatewayConfig(
  input: GatewayConfigInput,
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedGatewayConfig {
  const providers = new Map<string, ResolvedProvider>();
  const declared: Record<string, ProviderConfigInput> = { openai: {}, anthropic: {}, ...input.providers };
  for (const [name, provider] of Object.entries(declared)) {
    const kind = provider.kind ?? (providerKinds.includes(name as ProviderKind) ? (name as ProviderKind) : undefined);
    if (!kind) throw configError(`providers.${name}.kind: required for a provider not named after a kind (${providerKinds.join(", ")})`);
    const definition = gatewayProviders[kind];
    const url = overrides.upstreams?.[name] ?? provider.baseUrl ?? definition.defaultBaseUrl;
    if (!url) throw configError(`providers.${name}.baseUrl: required for an ${kind} provider`);
    providers.set(name, {
      name,
      kind,
      definition,
      baseUrl: definition.normalizeBaseUrl(url),
      apiKey: provider.apiKey ? readSecret(provider.apiKey, `providers.${name}.apiKey`, env) : definition.defaultKeyEnv ? env[definition.defaultKeyEnv] || undefined : undefined,
      connections: provider.connections ?? defaults.connections,
      timeoutMs: provider.timeoutMs ?? defaults.timeoutMs,
    });
  }
  for (const name of Object.keys(overrides.upstreams ?? {})) {
    if (!providers.has(name)) throw configError(`--upstream ${name}=...: no provider named ${name}`);
  }
  const modelRoutes = (input.models ?? []).map((route, index) => {
    if (!providers.has(route.provider)) throw configError(`models.${index}.provider: no provider named ${route.provider}`);
    return { pattern: globToRegExp(route.match), provider: route.provider };
  });
  for (const provider of providers.values()) {
    for (const glob of provider.definition.defaultModelPatterns) modelRoutes.push({ pattern: globToRegExp(glob), provider: provider.name });
  }
  return {
    host: overrides.host ?? input.host ?? defaults.host,
    port: overrides.port ?? input.port ?? defaults.port,
    db: overrides.db ?? input.db ?? defaults.db,
    counters: overrides.counters ?? input.counters ?? defaults.counters,
    adminKey: overrides.adminKey ?? (input.adminKey ? readSecret(input.adminKey, "adminKey", env) : undefined),
    maxBodyBytes: input.maxBodyBytes ?? defaults.maxBodyBytes,
    keyCacheTtlMs: input.keyCacheTtlMs ?? defaults.keyCacheTtlMs,
    flushIntervalMs: input.ledgerWriter?.flushIntervalMs ?? defaults.flushIntervalMs,
    maxBatchRecords: input.ledgerWriter?.maxBatchRecords ?? defaults.maxBatchRecords,
    streamCostComment: input.streamCostComment ?? true,
    providers,
    modelRoutes,
    policies: (input.policies ?? []).map((policy, index) => resolvePolicy(policy, index)),
  };
}

function resolvePolicy(policy: { name: string; options?: Record<string, unknown> | undefined }, index: number) {
  if (!policyNames.includes(policy.name as PolicyName)) {
    throw configError(`policies.${index}.name: unknown policy ${policy.name} (known: ${policyNames.join(", ")})`);
  }
  const name = policy.name as PolicyName;
  const result = policyFactories[name].options.safeParse(policy.options ?? {});
  if (!result.success) throw configError(describeIssues(result.error, `policies.${index}.options`));
  return { name, options: result.data };
}

function readSecret(reference: string, path: string, env: NodeJS.ProcessEnv): string {
  const name = reference.slice("env:".length);
  const value = env[name];
  if (!value) throw configError(`${path}: environment variable ${name} is not set`);
  return value;
}

/** `claude-*` to an anchored RegExp; `*` matches any run of characters. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

function configError(message: string): TokenomyError {
  return new TokenomyError("config_invalid", `invalid gateway config: ${message}`);
}
