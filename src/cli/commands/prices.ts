import type { Command } from "commander";
import type { RegisterCommand } from "./index.js";

/**
 * `tokenomy prices <model>`: what a model costs per million tokens and where the price came from.
 * `tokenomy prices refresh`: writes a new catalog snapshot (genai-prices or a LiteLLM file).
 */
export const registerPrices: RegisterCommand = (program: Command, run) => {
  const prices = program
    .command("prices")
    .description("show what a model costs per million tokens and where the price came from")
    .argument("<model>", "model name as an API, a log or a router writes it")
    .option("--format <format>", "table or json", "table")
    .option("--prices <file>", "price overrides file (YAML or JSON); default $TOKENOMY_PRICES or ~/.config/tokenomy/prices.yaml")
    .option("--provider <name>", "provider hint (anthropic, openai, bedrock, vertex_ai, openrouter, ...)")
    .option("--catalog <file>", "price catalog file to use instead of the shipped or user catalog")
    .option("--at <date>", "show the price in effect on this day (YYYY-MM-DD)")
    .action(
      run(async (model: string, options: { format: string; prices?: string; provider?: string; catalog?: string; at?: string }) => {
        const { TokenomyError } = await import("../../core/errors/index.js");
        if (options.format !== "table" && options.format !== "json") throw new TokenomyError("invalid_request", `--format must be table or json, not ${options.format}`);
        if (options.at !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.at)) throw new TokenomyError("invalid_request", `--at must be a day as YYYY-MM-DD, not ${options.at}`);
        const { createPriceBook } = await import("../../pricing/price-book.js");
        const { priceReport, priceTable } = await import("../../pricing/describe-price.js");
        const book = createPriceBook({ ...(options.prices ? { overrides: options.prices } : {}), ...(options.catalog ? { catalog: options.catalog } : {}) });
        const day = options.at ?? new Date().toISOString().slice(0, 10);
        const explanation = book.explain(model, options.provider, { at: day });
        if (!explanation) {
          throw new TokenomyError("unknown_model", `no price known for model "${model}"${options.provider ? ` (provider ${options.provider})` : ""} in ${book.sources.catalog.generator} (snapshot ${book.sources.catalog.snapshotDate}); add it to a prices file (see --prices)`);
        }
        const report = priceReport(explanation, day);
        process.stdout.write(options.format === "json" ? JSON.stringify(report, null, 2) + "\n" : priceTable(report));
      }),
    );
  prices
    .command("refresh")
    .description("write a new price catalog snapshot (default: from the installed genai-prices, into ~/.config/tokenomy/catalog.json)")
    .option("--from-genai-prices [dir]", "a @pydantic/genai-prices package directory or data.json (default: the installed package)")
    .option("--from-litellm <file>", "a LiteLLM model_prices_and_context_window.json")
    .option("--out <file>", "where to write the catalog (default: the user catalog)")
    .action(
      run(async (options: { fromGenaiPrices?: string | boolean; fromLitellm?: string; out?: string }) => {
        const { refreshCatalog } = await import("../../pricing/refresh-catalog.js");
        const { summary } = await refreshCatalog(options);
        process.stdout.write(summary + "\n");
      }),
    );
};
