import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { TokenomyError } from "../core/errors/index.js";
import { userCatalogPath, writeCatalogFile } from "./catalog-files.js";
import { catalogFromGenaiPrices } from "./convert-genai-prices.js";
import { catalogFromLitellm } from "./convert-litellm.js";
import { loadGenaiPrices } from "./genai-prices-source.js";

export interface RefreshOptions {
  /** genai-prices package directory or data.json; `true` or undefined = the installed package. */
  fromGenaiPrices?: string | boolean;
  /** A LiteLLM `model_prices_and_context_window.json`. */
  fromLitellm?: string;
  /** Where to write (default: the user catalog, `<config dir>/catalog.json`). */
  out?: string;
  snapshotDate?: string;
  environment?: NodeJS.ProcessEnv;
}

/**
 * Writes a new catalog snapshot, from genai-prices (default) or a LiteLLM price file, and returns
 * a one-line summary. The user catalog replaces the shipped one whenever it is newer.
 *
 * @example
 * await refreshCatalog({ fromLitellm: "model_prices_and_context_window.json" });
 */
export async function refreshCatalog(options: RefreshOptions): Promise<{ path: string; summary: string }> {
  if (options.fromLitellm !== undefined && options.fromGenaiPrices !== undefined && options.fromGenaiPrices !== false) {
    throw new TokenomyError("invalid_request", "choose one of --from-genai-prices and --from-litellm");
  }
  const path = options.out ?? userCatalogPath(options.environment);
  const snapshotDate = options.snapshotDate ?? new Date().toISOString().slice(0, 10);
  if (options.fromLitellm !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(options.fromLitellm, "utf8"));
    } catch (error) {
      throw new TokenomyError("invalid_request", `cannot read LiteLLM price file ${options.fromLitellm}: ${(error as Error).message}`, { cause: error });
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new TokenomyError("invalid_request", `${options.fromLitellm} is not a LiteLLM price map (expected an object keyed by model)`);
    const { catalog, report } = catalogFromLitellm(data as Record<string, unknown>, { file: basename(options.fromLitellm), snapshotDate });
    if (report.models === 0) throw new TokenomyError("invalid_request", `${options.fromLitellm} has no model with input_cost_per_token and output_cost_per_token`);
    writeCatalogFile(path, catalog);
    return { path, summary: `wrote ${path}: LiteLLM ${basename(options.fromLitellm)}, snapshot ${snapshotDate}, ${catalog.providers.length} providers, ${report.models} models, ${report.skipped.length} entries without token prices left out` };
  }
  const location = typeof options.fromGenaiPrices === "string" ? options.fromGenaiPrices : undefined;
  const { providers, version } = await loadGenaiPrices(location);
  const { catalog, report } = catalogFromGenaiPrices(providers, { version, snapshotDate });
  writeCatalogFile(path, catalog);
  return {
    path,
    summary: `wrote ${path}: genai-prices ${version}, snapshot ${snapshotDate}, ${catalog.providers.length} providers, ${report.models} models, ${report.skipped.length} models without token prices left out`,
  };
}
