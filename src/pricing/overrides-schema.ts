import type { z } from "zod";
import { loadZod } from "./lazy-modules.js";

/** The schemas, built on first use (see `loadZod`). */
function buildSchemas() {
  const { z } = loadZod();

  const usdPerMtok = z.number().nonnegative().finite();

  const tierPricesShape = {
    inputUsdPerMtok: usdPerMtok,
    outputUsdPerMtok: usdPerMtok,
    cacheReadUsdPerMtok: usdPerMtok.optional(),
    cacheWrite5mUsdPerMtok: usdPerMtok.optional(),
    cacheWrite1hUsdPerMtok: usdPerMtok.optional(),
  };

  const overrideTierSchema = z
    .object({
      /** The tier applies once the whole prompt (cache included) is above this many tokens. */
      aboveInputTokens: z.number().int().nonnegative(),
      ...tierPricesShape,
    })
    .strict();

  const overrideModelSchema = z
    .object({
      /** Provider shown in reports; a lookup with a provider hint still finds the override. */
      provider: z.string().min(1).optional(),
      ...tierPricesShape,
      webSearchUsdPerThousandRequests: usdPerMtok.optional(),
      /** Other names of this model (matched case-insensitively). */
      aliases: z.array(z.string().min(1)).optional(),
      tiers: z.array(overrideTierSchema).optional(),
    })
    .strict();

  const priceOverrides = z
    .object({
      models: z.record(z.string().min(1), overrideModelSchema).optional(),
      /** Name to price under another name (resolved through overrides, then the catalog). */
      aliases: z.record(z.string().min(1), z.string().min(1)).optional(),
    })
    .strict();
  return { priceOverrides, overrideModel: overrideModelSchema, overrideTier: overrideTierSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;

/**
 * The user price file (YAML or JSON). Prices are in USD per million tokens, named with their
 * unit; a model keyed by a catalog id (for example `claude-sonnet-4-5`) replaces that entry for
 * every name that resolves to it.
 *
 * ```yaml
 * models:
 *   claude-sonnet-4-5:
 *     inputUsdPerMtok: 2.7
 *     outputUsdPerMtok: 13.5
 *     cacheReadUsdPerMtok: 0.27
 *     cacheWrite5mUsdPerMtok: 3.375
 *     cacheWrite1hUsdPerMtok: 5.4
 *     tiers: [{ aboveInputTokens: 200000, inputUsdPerMtok: 5.4, outputUsdPerMtok: 20.25 }]
 *   my-finetune:
 *     provider: openai
 *     inputUsdPerMtok: 3
 *     outputUsdPerMtok: 12
 *     aliases: [ft:gpt-4o-mini:acme::abc123]
 * aliases:
 *   sonnet: claude-sonnet-4-5
 * ```
 *
 * @example
 * priceOverridesSchema().safeParse({ aliases: { sonnet: "claude-sonnet-4-5" } }).success // true
 */
export function priceOverridesSchema(): Schemas["priceOverrides"] {
  return (schemas ??= buildSchemas()).priceOverrides;
}

export type PriceOverrides = z.infer<Schemas["priceOverrides"]>;
export type OverrideModel = z.infer<Schemas["overrideModel"]>;
export type OverrideTier = z.infer<Schemas["overrideTier"]>;
