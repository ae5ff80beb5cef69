import type { Catalog } from "./catalog-format.js";

/** Where a price came from, as `tokenomy prices` shows it. */
export type PriceSource =
  | {
      kind: "catalog";
      /** `shipped` with the package, the `user` catalog written by `tokenomy prices refresh`, or one passed in. */
      catalog: "shipped" | "user" | "custom";
      path?: string;
      snapshotDate: string;
      /** For example "genai-prices 0.1.8" or "litellm model_prices.json". */
      generator: string;
    }
  | { kind: "override"; path: string };

export function catalogGenerator(catalog: Catalog): string {
  return catalog.source.kind === "genai-prices" ? `genai-prices ${catalog.source.version}` : `litellm ${catalog.source.file}`;
}

/** The one-line label stored in `ModelPrice.source`. */
export function sourceLabel(source: PriceSource): string {
  if (source.kind === "override") return `override ${source.path}`;
  return `${source.generator} (snapshot ${source.snapshotDate}${source.catalog === "shipped" ? "" : `, ${source.path ?? source.catalog + " catalog"}`})`;
}
