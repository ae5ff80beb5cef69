import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { TokenomyError } from "../../core/errors/index.js";
import { gatewayConfigSchema, type GatewayConfigInput } from "./schema.js";

/** Formats zod issues as `path: message` lines, so an unknown key names where it is. */
export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((issue) => {
      const keys = "keys" in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(", ")})` : "";
      const path = [prefix, ...issue.path.map(String)].filter((part) => part !== "").join(".");
      return `${path || "(root)"}: ${issue.message}${keys}`;
    })
    .join("; ");
}

/**
 * Validates a parsed config object strictly.
 *
 * @example
 * parseGatewayConfig({ port: 8787, providers: { openai: { apiKey: "env:OPENAI_API_KEY" } } })
 */
export function parseGatewayConfig(value: unknown): GatewayConfigInput {
  const result = gatewayConfigSchema.safeParse(value ?? {});
  if (!result.success) throw new TokenomyError("config_invalid", `invalid gateway config: ${describeIssues(result.error)}`);
  return result.data;
}

/** Reads and validates a YAML config file. */
export async function loadGatewayConfig(path: string): Promise<GatewayConfigInput> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new TokenomyError("config_invalid", `${path} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseGatewayConfig(value);
  } catch (error) {
    if (TokenomyError.isInstance(error)) throw new TokenomyError("config_invalid", `${path}: ${error.message}`);
    throw error;
  }
}
