import { existsSync, readFileSync } from "node:fs";
import type { Catalog } from "./catalog-format.js";
import { isNewer, readCatalogFile, shippedCatalogPath, userCatalogPath } from "./catalog-files.js";
import { catalogGenerator, type PriceSource } from "./price-source.js";

let shipped: { catalog: Catalog; path: string } | undefined;

/** The shipped catalog, parsed once per process. Built and checked by our own tests, so not re-validated here. */
export function shippedCatalog(): { catalog: Catalog; path: string } {
  if (!shipped) {
    const path = shippedCatalogPath();
    shipped = { catalog: JSON.parse(readFileSync(path, "utf8")) as Catalog, path };
  }
  return shipped;
}

/**
 * The catalog a price book uses: the one given (object or file), else the user catalog
 * (`<config dir>/catalog.json`, written by `tokenomy prices refresh`) when it exists and is newer
 * than the shipped one, else the shipped one.
 */
export function chooseCatalog(
  given: Catalog | string | undefined,
  options: { useUserCatalog: boolean; environment: NodeJS.ProcessEnv },
): { catalog: Catalog; source: Extract<PriceSource, { kind: "catalog" }> } {
  if (typeof given === "object") return { catalog: given, source: describe(given, "custom") };
  if (typeof given === "string") {
    const catalog = readCatalogFile(given);
    return { catalog, source: describe(catalog, "custom", given) };
  }
  const builtIn = shippedCatalog();
  if (options.useUserCatalog) {
    const userPath = userCatalogPath(options.environment);
    if (existsSync(userPath)) {
      const user = readCatalogFile(userPath);
      if (isNewer(user, builtIn.catalog)) return { catalog: user, source: describe(user, "user", userPath) };
    }
  }
  return { catalog: builtIn.catalog, source: describe(builtIn.catalog, "shipped", builtIn.path) };
}

function describe(catalog: Catalog, kind: "shipped" | "user" | "custom", path?: string): Extract<PriceSource, { kind: "catalog" }> {
  return { kind: "catalog", catalog: kind, ...(path ? { path } : {}), snapshotDate: catalog.snapshotDate, generator: catalogGenerator(catalog) };
}
