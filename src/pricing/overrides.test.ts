import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TokenomyError } from "../core/errors/index.js";
import { costOf } from "../core/pricing.js";
import { createPriceBook } from "./price-book.js";

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), "tokenomy-prices-"));
}

const yamlOverrides = `
models:
  claude-sonnet-4-5:
    inputUsdPerMtok: 2.7
    outputUsdPerMtok: 13.5
    cacheReadUsdPerMtok: 0.27
    cacheWrite5mUsdPerMtok: 3.375
    cacheWrite1hUsdPerMtok: 5.4
    tiers:
      - aboveInputTokens: 200000
        inputUsdPerMtok: 5.4
        outputUsdPerMtok: 20.25
  acme-finetune:
    provider: openai
    inputUsdPerMtok: 3
    outputUsdPerMtok: 12
    webSearchUsdPerThousandRequests: 25
    aliases: [ft:gpt-4o-mini:acme::abc123]
aliases:
  sonnet: claude-sonnet-4-5-20250929
  house-model: acme-finetune
`;

describe("price overrides", () => {
  const directory = temporaryDirectory();
  const file = join(directory, "prices.yaml");
  writeFileSync(file, yamlOverrides);
  const book = createPriceBook({ overrides: file, userCatalog: false });

  it("win over the catalog for every name that resolves to the overridden catalog id", () => {
    for (const name of ["claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4.5"]) {
      const explanation = book.explain(name);
      expect(explanation?.source).toEqual({ kind: "override", path: file });
      expect(explanation?.provider).toBe("anthropic");
      expect(costOf({ inputNoCache: 1_000, cacheRead: 10_000, cacheWrite1h: 1_000, output: 100 }, explanation!.price).total).toBe(
        1_000 * 2_700_000 + 10_000 * 270_000 + 1_000 * 5_400_000 + 100 * 13_500_000,
      );
    }
    expect(costOf({ inputNoCache: 200_001, output: 10 }, book.lookup("claude-sonnet-4-5")!).total).toBe(200_001 * 5_400_000 + 10 * 20_250_000);
  });

  it("price models the catalog does not know, under their aliases too", () => {
    const price = book.lookup("FT:gpt-4o-mini:acme::abc123");
    expect(price).toMatchObject({ provider: "openai", model: "acme-finetune", base: { input: 3_000_000, output: 12_000_000, webSearchRequest: 25_000_000_000 } });
    expect(book.explain("ft:gpt-4o-mini:acme::abc123")?.match.kind).toBe("alias");
    expect(book.explain("acme-finetune")?.match.kind).toBe("exact");
    expect(book.lookup("openai/acme-finetune")?.model).toBe("acme-finetune");
  });

  it("name aliases resolve through overrides and the catalog", () => {
    expect(book.explain("sonnet")).toMatchObject({ model: "claude-sonnet-4-5", match: { kind: "alias" }, source: { kind: "override" } });
    expect(book.lookup("house-model")?.model).toBe("acme-finetune");
  });

  it("leave other models to the catalog", () => {
    expect(book.explain("gpt-4o")?.source.kind).toBe("catalog");
  });

  it("are found through TOKENOMY_PRICES, then the config folder", () => {
    const environment = { HOME: temporaryDirectory(), TOKENOMY_PRICES: file };
    expect(createPriceBook({ environment, userCatalog: false }).sources.overridesPath).toBe(file);
    const home = temporaryDirectory();
    mkdirSync(join(home, ".config", "tokenomy"), { recursive: true });
    writeFileSync(join(home, ".config", "tokenomy", "prices.json"), JSON.stringify({ models: { "my-model": { inputUsdPerMtok: 1, outputUsdPerMtok: 2 } } }));
    const fromHome = createPriceBook({ environment: { HOME: home }, userCatalog: false });
    expect(fromHome.lookup("my-model")?.base).toEqual({ input: 1_000_000, output: 2_000_000 });
    expect(createPriceBook({ environment: { HOME: temporaryDirectory() }, userCatalog: false }).sources.overridesPath).toBeUndefined();
  });

  function configError(content: string): TokenomyError {
    const path = join(temporaryDirectory(), "prices.yaml");
    writeFileSync(path, content);
    try {
      createPriceBook({ overrides: path, userCatalog: false });
    } catch (error) {
      if (TokenomyError.isInstance(error)) return error;
      throw error;
    }
    throw new Error("expected a config error");
  }

  it("reject unknown keys, naming their path", () => {
    const error = configError("models:\n  x:\n    inputUsdPerMtok: 1\n    outputUsdPerMtok: 2\n    inputPerMtok: 3\n");
    expect(error.code).toBe("config_invalid");
    expect(error.message).toContain("models.x.inputPerMtok: unknown key");
    expect(configError("model: {}\n").message).toContain("model: unknown key");
    expect(configError("models:\n  x:\n    inputUsdPerMtok: 1\n    outputUsdPerMtok: 2\n    tiers: [{ aboveInputTokens: 5, inputUsdPerMtok: 1, outputUsdPerMtok: 1, extra: 1 }]\n").message).toContain(
      "models.x.tiers.0.extra: unknown key",
    );
  });

  it("reject wrong types, missing prices and prices that are not whole picodollars per token", () => {
    expect(configError("models:\n  x:\n    inputUsdPerMtok: cheap\n    outputUsdPerMtok: 2\n").message).toContain("models.x.inputUsdPerMtok");
    expect(configError("models:\n  x:\n    inputUsdPerMtok: 1\n").message).toContain("models.x.outputUsdPerMtok");
    expect(configError("models:\n  x:\n    inputUsdPerMtok: 0.0000001\n    outputUsdPerMtok: 2\n").message).toContain("models.x.inputUsdPerMtok: $1e-7/Mtok is not a whole number");
    expect(configError("models: [oops\n").message).toContain("not valid YAML");
  });
});
