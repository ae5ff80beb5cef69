import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { discoverFiles, readHead } from "../shared/list-files.js";
import { readJsonFile } from "../shared/read-json-file.js";
import { MINI_SWE_AGENT_SOURCE, trajectoryRecords } from "./trajectory-records.js";

/** mini-swe-agent writes `<instance>.traj.json`, one JSON object holding `info` and `messages`. */
async function isTrajectory(file: string): Promise<boolean> {
  return /^\s*\{/.test(await readHead(file, 64));
}

/**
 * mini-swe-agent trajectories (`*.traj.json`): one record per model call, from the `usage` of the
 * provider response stored with each assistant message. The session is the SWE-bench instance.
 * A file that cannot be read counts as one entry under its reason.
 *
 * @example
 * const files = await miniSweAgentImporter.discover("runs/");
 * for await (const record of miniSweAgentImporter.read(files, { prices, stats })) console.log(record.reportedCostPico);
 */
export const miniSweAgentImporter: Importer = {
  id: MINI_SWE_AGENT_SOURCE,
  label: "mini-swe-agent trajectories",
  discover: (path) => discoverFiles(path, (name) => name.endsWith(".traj.json"), isTrajectory),
  read: readTrajectories,
};

async function* readTrajectories(files: readonly string[], context: ImportContext): AsyncGenerator<CallRecord> {
  const { stats } = context;
  const seen = new Set<string>();
  let bytesRead = 0;
  for (const file of files) {
    stats.files++;
    const json = await readJsonFile(file);
    bytesRead += json.bytes;
    context.onProgress?.(bytesRead);
    if ("problem" in json) {
      stats.linesRead++;
      stats.skip(json.problem);
      continue;
    }
    if (!Array.isArray(json.value.messages)) {
      stats.linesRead++;
      stats.skip("not_a_trajectory");
      continue;
    }
    for (const record of trajectoryRecords(json.value, file, context.prices, stats)) {
      if (seen.has(record.id)) {
        stats.linesUsed--;
        stats.skip("duplicate");
        continue;
      }
      seen.add(record.id);
      yield record;
    }
  }
}
