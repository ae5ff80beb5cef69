import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalogFile } from "./catalog-files.js";
import { loadGenaiPrices } from "./genai-prices-source.js";
import { refreshCatalog } from "./refresh-catalog.js";

describe("loadGenaiPrices", () => {
  it("loads a package directory, or a folder holding it under node_modules", async () => {
    const fromPackage = await loadGenaiPrices("node_modules/@pydantic/genai-prices");
    expect(fromPackage.version).toBe("0.1.8");
    expect(fromPackage.providers.some((provider) => provider.id === "anthropic")).toBe(true);
    expect((await loadGenaiPrices(".")).version).toBe("0.1.8");
  });

  it("loads a genai-prices data.json, and refresh writes a catalog from it", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tokenomy-genai-"));
    const dataFile = join(directory, "data.json");
    writeFileSync(dataFile, JSON.stringify([{ id: "newco", models: [{ id: "newco-1", match: { equals: "newco-1" }, prices: { input_mtok: 1.5, output_mtok: 6 } }] }]));
    const out = join(directory, "catalog.json");
    await refreshCatalog({ fromGenaiPrices: dataFile, out, snapshotDate: "2027-01-01" });
    const catalog = readCatalogFile(out);
    expect(catalog.providers).toEqual([{ id: "newco", models: [{ id: "newco-1", match: { equals: "newco-1" }, prices: [{ base: { input: 1_500_000, output: 6_000_000 } }] }] }]);
  });

  it("says clearly when a directory holds no genai-prices", async () => {
    await expect(loadGenaiPrices(mkdtempSync(join(tmpdir(), "tokenomy-empty-")))).rejects.toThrow(/no @pydantic\/genai-prices package found/);
  });
});
