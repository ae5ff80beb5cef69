import { z } from "zod";
import { providerKinds } from "../../providers/registry.js";

/**
 * The gateway's YAML config, validated strictly: an unknown key anywhere is an error naming its
 * path. Secrets are named by location (`env:OPENAI_API_KEY`), never written by value. Defaults and
 * references are resolved in a second step (resolve.ts).
 */
const secretReference = z
  .string()
  .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, "a secret is named by location, e.g. env:OPENAI_API_KEY");

const providerSchema = z
  .object({
    /** Wire format of the server; defaults to the provider's name for `openai` and `anthropic`. */
    kind: z.enum(providerKinds).optional(),
    /** Like the official SDKs' base URL: `https://api.openai.com/v1`, `https://api.anthropic.com`. */
    baseUrl: z.url().optional(),
    apiKey: secretReference.optional(),
    /** Upstream connections kept per provider. */
    connections: z.number().int().positive().max(4096).optional(),
    /** Abort an upstream call that sends nothing for this long. */
    timeoutMs: z.number().int().positive().optional(),
  })
  .strict();

const modelRouteSchema = z
  .object({
    /** Glob on the requested model name: `*` matches any run of characters. */
    match: z.string().min(1),
    provider: z.string().min(1),
  })
  .strict();

const policySchema = z
  .object({
    name: z.string().min(1),
    /** Checked against the policy's own schema when the config is resolved. */
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    /** SQLite file or `postgres://` URL. */
    db: z.string().min(1).optional(),
    /** Counters of budgets, rate limits and the loop guard: `memory` (default) or `redis://HOST:PORT[?prefix=KEYPREFIX]` (shared by replicas). */
    counters: z.string().min(1).optional(),
    adminKey: secretReference.optional(),
    /** Largest request body accepted; larger bodies get 413. */
    maxBodyBytes: z.number().int().positive().optional(),
    /** How long a resolved virtual key is trusted before it is looked up again. */
    keyCacheTtlMs: z.number().int().min(0).optional(),
    ledgerWriter: z
      .object({
        flushIntervalMs: z.number().int().positive().optional(),
        maxBatchRecords: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Append cost and tokens as an SSE comment at the end of streams (SDKs ignore comments). */
    streamCostComment: z.boolean().optional(),
    providers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), providerSchema).optional(),
    /** Model routes, first match wins; tried before the built-in defaults. */
    models: z.array(modelRouteSchema).optional(),
    policies: z.array(policySchema).optional(),
  })
  .strict();

export type GatewayConfigInput = z.infer<typeof gatewayConfigSchema>;
export type ProviderConfigInput = z.infer<typeof providerSchema>;
