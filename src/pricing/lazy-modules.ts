import { createRequire } from "node:module";

type ZodModule = typeof import("zod");
type YamlModule = typeof import("yaml");

const require = createRequire(import.meta.url);
let zod: ZodModule | undefined;
let yaml: YamlModule | undefined;

/**
 * zod, loaded on first use. Pricing validates only override files and catalogs other than the
 * shipped one, and loading zod costs tens of milliseconds at start-up, so `tokenomy report`
 * without an override file never loads it.
 *
 * @example
 * const { z } = loadZod();
 */
export function loadZod(): ZodModule {
  return (zod ??= require("zod") as ZodModule);
}

/** yaml, loaded on first use (only an override file needs it). */
export function loadYaml(): YamlModule {
  return (yaml ??= require("yaml") as YamlModule);
}
