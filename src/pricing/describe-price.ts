import { resolveTokenPrices, type TokenPrices } from "../core/pricing.js";
import type { PriceExplanation } from "./price-book.js";
import { sourceLabel } from "./price-source.js";

const fields = ["input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h"] as const;
type Field = (typeof fields)[number];

const labels: Record<Field, string> = {
  input: "input",
  output: "output",
  cacheRead: "cache read",
  cacheWrite5m: "cache write 5m",
  cacheWrite1h: "cache write 1h",
};

/** Dollars per million tokens from picodollars per token (display only). */
function usdPerMtok(pico: number): number {
  return pico / 1e6;
}

function rates(prices: TokenPrices): Record<Field, number> {
  const effective = resolveTokenPrices(prices);
  return Object.fromEntries(fields.map((field) => [field, usdPerMtok(effective[field])])) as Record<Field, number>;
}

/**
 * What `tokenomy prices <model> --format json` prints. `usdPerMtok` holds the rates billed; a
 * field in `fallbacks` is not listed by the catalog and is billed as `resolveTokenPrices` says.
 */
export function priceReport(explanation: PriceExplanation, day: string) {
  const { price } = explanation;
  const fallbacks = fields.filter((field) => price.base[field] === undefined);
  return {
    query: explanation.query,
    provider: explanation.provider,
    model: explanation.model,
    ...(explanation.name ? { name: explanation.name } : {}),
    ...(explanation.contextWindow ? { contextWindow: explanation.contextWindow } : {}),
    match: explanation.match,
    source: { ...explanation.source, label: sourceLabel(explanation.source) },
    pricesOn: day,
    usdPerMtok: rates(price.base),
    fallbacks,
    ...(price.base.webSearchRequest !== undefined ? { webSearchUsdPerRequest: price.base.webSearchRequest / 1e12 } : {}),
    tiers: (price.tiers ?? []).map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, usdPerMtok: rates(tier.prices) })),
    picodollarsPerToken: price.base,
    priceChanges: explanation.priceChanges,
  };
}

/** The human table for `tokenomy prices <model>`. */
export function priceTable(report: ReturnType<typeof priceReport>): string {
  const lines: string[] = [];
  lines.push(`${report.query.model} -> ${report.provider}/${report.model}${report.name ? ` (${report.name})` : ""}`);
  const how = report.match.steps.length > 0 ? ` (${report.match.steps.join("; ")})` : "";
  lines.push(`matched: ${report.match.kind} as "${report.match.matchedName}"${how}`);
  lines.push(`source:  ${report.source.label}${report.priceChanges.length > 0 ? `; price changed on ${report.priceChanges.join(", ")}, showing ${report.pricesOn}` : ""}`);
  if (report.contextWindow) lines.push(`context: ${report.contextWindow.toLocaleString("en-US")} tokens`);
  lines.push("");
  const header = ["USD per Mtok", "base", ...report.tiers.map((tier) => `prompt > ${tier.aboveInputTokens.toLocaleString("en-US")}`)];
  const rows = fields.map((field) => [
    labels[field] + (report.fallbacks.includes(field) ? " *" : ""),
    format(report.usdPerMtok[field]),
    ...report.tiers.map((tier) => format(tier.usdPerMtok[field])),
  ]);
  const table = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? "").length)));
  for (const row of table) lines.push(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
  if (report.webSearchUsdPerRequest !== undefined) lines.push(`web search: $${report.webSearchUsdPerRequest} per request`);
  if (report.fallbacks.length > 0) lines.push("* not listed by the catalog: cache read and 5m write bill as input, 1h write as 5m write");
  if (report.tiers.length > 0) lines.push("tiers: once the whole prompt (cache included) passes the threshold, every token of the request bills at the tier rate");
  return lines.join("\n") + "\n";
}

function format(value: number): string {
  const [whole, fraction = ""] = value.toFixed(6).replace(/0+$/, "").split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}
