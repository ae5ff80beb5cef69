import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TokenomyError } from "../core/errors/index.js";
import { parseCatalog, serializeCatalog, type Catalog } from "./catalog-format.js";

export const SHIPPED_CATALOG_FILE = "prices.json";

/**
 * tokenomy's config folder: `$TOKENOMY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tokenomy`, else `~/.config/tokenomy`.
 *
 * @example
 * configDirectory({ HOME: "/home/ada" }) // "/home/ada/.config/tokenomy"
 */
export function configDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.TOKENOMY_CONFIG_DIR) return environment.TOKENOMY_CONFIG_DIR;
  const base = environment.XDG_CONFIG_HOME || join(environment.HOME || homedir(), ".config");
  return join(base, "tokenomy");
}

/**
 * Where `tokenomy prices refresh` writes by default, and where the price book looks for it.
 *
 * @example
 * userCatalogPath({ HOME: "/home/ada" }) // "/home/ada/.config/tokenomy/catalog.json"
 */
export function userCatalogPath(environment: NodeJS.ProcessEnv = process.env): string {
  return join(configDirectory(environment), "catalog.json");
}

/**
 * The catalog shipped in the package. Found by walking up from this module: from src/pricing
 * (tests, tsx) and from dist/ or dist/cli (the bundle) the package root is a few levels up.
 */
export function shippedCatalogPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 5; level += 1) {
    const candidate = join(directory, "catalog", SHIPPED_CATALOG_FILE);
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new TokenomyError("internal_error", "the price catalog shipped with tokenomy (catalog/prices.json) is missing");
}

/**
 * Reads and validates a catalog file; problems become one `config_invalid` error naming the file.
 *
 * @example
 * readCatalogFile(userCatalogPath()).snapshotDate // "2026-11-22"
 */
export function readCatalogFile(path: string): Catalog {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new TokenomyError("config_invalid", `price catalog ${path} does not exist`);
    throw new TokenomyError("config_invalid", `price catalog ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseCatalog(value);
  if ("problems" in parsed) throw new TokenomyError("config_invalid", `price catalog ${path} is invalid: ${parsed.problems.join("; ")}`);
  return parsed.catalog;
}

/**
 * Writes a catalog atomically (temporary file, then rename), creating the folder.
 *
 * @example
 * writeCatalogFile("catalog/prices.json", catalog);
 */
export function writeCatalogFile(path: string, catalog: Catalog): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serializeCatalog(catalog));
  renameSync(temporary, path);
}

/** Which of two catalogs is newer: by snapshot day, then by the time it was written. */
export function isNewer(candidate: Catalog, than: Catalog): boolean {
  if (candidate.snapshotDate !== than.snapshotDate) return candidate.snapshotDate > than.snapshotDate;
  return candidate.generatedAt > than.generatedAt;
}
