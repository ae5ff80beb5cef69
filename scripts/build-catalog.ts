/**
 * Builds the price catalog shipped in the package (catalog/prices.json) from the data embedded
 * in the installed @pydantic/genai-prices.
 *
 *   npx tsx scripts/build-catalog.ts [--from DIR|data.json] [--out catalog/prices.json] [--date YYYY-MM-DD]
 *
 * `tokenomy prices refresh` does the same for a user catalog.
 */
import { parseArgs } from "node:util";
import { writeCatalogFile } from "../src/pricing/catalog-files.js";
import { catalogFromGenaiPrices } from "../src/pricing/convert-genai-prices.js";
import { loadGenaiPrices } from "../src/pricing/genai-prices-source.js";

const { values } = parseArgs({
  options: { from: { type: "string" }, out: { type: "string", default: "catalog/prices.json" }, date: { type: "string" } },
});
const { providers, version } = await loadGenaiPrices(values.from);
const snapshotDate = values.date ?? new Date().toISOString().slice(0, 10);
const { catalog, report } = catalogFromGenaiPrices(providers, { version, snapshotDate });
writeCatalogFile(values.out, catalog);
process.stdout.write(
  `wrote ${values.out}: genai-prices ${version}, snapshot ${snapshotDate}, ${catalog.providers.length} providers, ${report.models} models; ` +
    `${report.skipped.length} models without token prices left out, ${report.timeOfDayVersionsDropped} time-of-day prices dropped` +
    (report.roundedPrices.length ? `, ${report.roundedPrices.length} prices rounded to whole pUSD/token` : "") +
    (report.invalidRegexes.length ? `, regexes JavaScript cannot compile: ${report.invalidRegexes.join(", ")}` : "") +
    "\n",
);
