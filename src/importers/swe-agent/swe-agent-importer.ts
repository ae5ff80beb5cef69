import { stat } from "node:fs/promises";
import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { readJsonFile } from "../shared/read-json-file.js";
import { discoverFiles, readHead } from "../shared/list-files.js";
import { SWE_AGENT_SOURCE, trajectoryRecords } from "./trajectory-record.js";

/**
 * SWE-agent trajectories (`<instance>.traj`, one JSON object with `trajectory`, `history`,
 * `info.model_stats` and `replay_config`). One record per trajectory (or per step where steps
 * carry usage); the session is the instance. A file that cannot be read counts as one entry
 * under its reason.
 *
 * @example
 * const files = await sweAgentImporter.discover("trajectories/");
 * for await (const record of sweAgentImporter.read(files, { prices, stats })) console.log(record.tags?.calls);
 */
export const sweAgentImporter: Importer = {
  id: SWE_AGENT_SOURCE,
  label: "SWE-agent trajectories",
  discover: (path) => discoverFiles(path, (name) => name.endsWith(".traj"), async (file) => /^\s*\{/.test(await readHead(file, 64))),
  read: readTrajectories,
};

async function* readTrajectories(files: readonly string[], context: ImportContext): AsyncGenerator<CallRecord> {
  const { stats } = context;
  const seen = new Set<string>();
  let bytesRead = 0;
  for (const file of files) {
    stats.files++;
    stats.linesRead++;
    const json = await readJsonFile(file);
    bytesRead += json.bytes;
    context.onProgress?.(bytesRead);
    if ("problem" in json) {
      stats.skip(json.problem);
      continue;
    }
    if (!readable(json.value)) {
      stats.skip("not_a_trajectory");
      continue;
    }
    const result = trajectoryRecords(json.value, file, Math.floor((await stat(file)).mtimeMs), context.prices);
    if ("skip" in result) {
      stats.skip(result.skip);
      continue;
    }
    const fresh = result.records.filter((record) => !seen.has(record.id));
    if (fresh.length === 0) {
      stats.skip("duplicate");
      continue;
    }
    stats.linesUsed++;
    for (const record of fresh) {
      seen.add(record.id);
      yield record;
    }
  }
}

function readable(value: Record<string, unknown>): boolean {
  return Array.isArray(value.trajectory) || Array.isArray(value.history) || Array.isArray(value.attempts);
}
