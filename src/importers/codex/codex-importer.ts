import { homedir } from "node:os";
import { join } from "node:path";
import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { listFiles, readHead } from "../shared/list-files.js";
import { readRollout } from "./read-rollout.js";

const ROLLOUT_NAME = /^rollout-.*\.jsonl$/i;

/** Codex CLI session directories: `$CODEX_HOME` (default `~/.codex`) `/sessions` and `/archived_sessions`. */
export function codexSessionDirectories(environment: NodeJS.ProcessEnv = process.env): string[] {
  const home = environment.CODEX_HOME?.trim() || join(homedir(), ".codex");
  return [join(home, "sessions"), join(home, "archived_sessions")];
}

/** A rollout by its name, or any `.jsonl` whose first line is a Codex `session_meta`. */
async function isRollout(file: string): Promise<boolean> {
  const name = file.split(/[\\/]/).pop() ?? file;
  if (ROLLOUT_NAME.test(name)) return true;
  const firstLine = (await readHead(file, 4096)).split("\n", 1)[0] ?? "";
  return /^\s*\{.*"type"\s*:\s*"session_meta"/.test(firstLine);
}

/**
 * Codex CLI rollouts (`sessions/YYYY/MM/DD/rollout-*.jsonl`): one record per model call, from the
 * cumulative `token_count` events. A record's id is its session and the byte offset of its event,
 * so re-importing a file yields the same ids; an event seen again in another file of the same
 * session (an archived copy, a session resumed into a new file) is dropped as `duplicate`.
 *
 * @example
 * const files = await codexImporter.discover(`${homedir()}/.codex/sessions`);
 * for await (const record of codexImporter.read(files, { prices, stats })) console.log(record.model);
 */
export const codexImporter: Importer = {
  id: "codex",
  label: "Codex CLI",
  async discover(path) {
    const candidates = await listFiles(path, (name) => name.endsWith(".jsonl"));
    const accepted: string[] = [];
    for (const file of candidates) if (await isRollout(file)) accepted.push(file);
    return accepted;
  },
  defaultPaths: () => codexSessionDirectories(),
  read: readRollouts,
};

async function* readRollouts(files: readonly string[], context: ImportContext): AsyncGenerator<CallRecord> {
  const seen = new Set<string>();
  let bytesBefore = 0;
  for (const file of files) {
    context.stats.files++;
    let fileBytes = 0;
    const fileContext: ImportContext = {
      ...context,
      onProgress: (bytes) => {
        fileBytes = bytes;
        context.onProgress?.(bytesBefore + bytes);
      },
    };
    yield* readRollout(file, fileContext, seen);
    bytesBefore += fileBytes;
  }
}
