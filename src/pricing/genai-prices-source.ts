import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TokenomyError } from "../core/errors/index.js";
import type { GenaiProvider } from "./convert-genai-prices.js";

/**
 * Reads genai-prices provider data from the installed @pydantic/genai-prices (no argument), from
 * a package directory (one holding its package.json and dist/, or a folder with it under
 * node_modules), or from a genai-prices `data.json` file. Never fetches anything remote.
 *
 * @example
 * const { providers, version } = await loadGenaiPrices("./node_modules/@pydantic/genai-prices");
 */
export async function loadGenaiPrices(location?: string): Promise<{ providers: GenaiProvider[]; version: string }> {
  if (location !== undefined && existsSync(location) && statSync(location).isFile()) {
    const data: unknown = JSON.parse(readFileSync(location, "utf8"));
    if (!Array.isArray(data)) throw new TokenomyError("invalid_request", `${location} is not a genai-prices data file (expected an array of providers)`);
    return { providers: data as GenaiProvider[], version: `data file ${resolve(location)}` };
  }
  const packageDirectory = location === undefined ? installedPackageDirectory() : findPackageDirectory(resolve(location));
  if (packageDirectory === undefined) {
    throw new TokenomyError("invalid_request", `no @pydantic/genai-prices package found in ${location ?? "node_modules"} (install it, or pass its directory)`);
  }
  try {
    const module = (await import(pathToFileURL(join(packageDirectory, "dist", "index.js")).href)) as { waitForUpdate(): Promise<GenaiProvider[] | null> };
    const providers = await module.waitForUpdate();
    if (!providers) throw new Error("genai-prices returned no provider data");
    const manifest = JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8")) as { version?: string };
    return { providers, version: manifest.version ?? "unknown" };
  } catch (error) {
    if (TokenomyError.isInstance(error)) throw error;
    throw new TokenomyError("invalid_request", `cannot load @pydantic/genai-prices (install it, or pass its directory): ${(error as Error).message}`, { cause: error });
  }
}

function findPackageDirectory(directory: string): string | undefined {
  for (const candidate of [directory, join(directory, "node_modules", "@pydantic", "genai-prices")]) {
    const manifest = join(candidate, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@pydantic/genai-prices") return candidate;
  }
  return undefined;
}

function installedPackageDirectory(): string | undefined {
  try {
    // The package exports no package.json; its CommonJS entry sits in dist/.
    return dirname(dirname(createRequire(import.meta.url).resolve("@pydantic/genai-prices")));
  } catch {
    return undefined;
  }
}
