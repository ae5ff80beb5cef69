import type { Importer } from "../core/importer.js";
import { claudeCodeImporter } from "./claude-code/importer.js";
import { codexImporter } from "./codex/codex-importer.js";
import { liteLLMImporter } from "./litellm/litellm-importer.js";
import { miniSweAgentImporter } from "./mini-swe-agent/mini-swe-agent-importer.js";
import { otelImporter } from "./otel/otel-importer.js";
import { sweAgentImporter } from "./swe-agent/swe-agent-importer.js";

/**
 * Every log importer. Adding a format is one folder `src/importers/<id>/`, its id here and its
 * entry below; an id without an entry (or an entry without an id) fails to compile. The order
 * is the order formats are tried when detecting a path.
 */
export const importerIds = [
  "claude-code",
  "codex",
  "otel",
  "litellm",
  "mini-swe-agent",
  "swe-agent",
] as const;
export type ImporterId = (typeof importerIds)[number];

export const importers = {
  "claude-code": claudeCodeImporter,
  codex: codexImporter,
  otel: otelImporter,
  litellm: liteLLMImporter,
  "mini-swe-agent": miniSweAgentImporter,
  "swe-agent": sweAgentImporter,
} satisfies Record<ImporterId, Importer>;

/** The importers in detection order. */
export function listImporters(): Importer[] {
  return importerIds.map((id) => importers[id]);
}
