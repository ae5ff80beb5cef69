import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { Deduplicator } from "../shared/deduplicator.js";
import { fileSize, listFiles, readHead } from "../shared/list-files.js";
import { FilesProgress } from "../shared/files-progress.js";
import { CLAUDE_SCAN_READER, readClaudeScans } from "./read-files.js";
import { prestartWorkers } from "./worker-pool.js";
import { countDuplicate } from "./file-reader.js";
import { workerCount, type FileScan } from "./scan-files.js";
import { defaultProjectsDirectories, describeFile, isTranscriptPath, type ClaudeFileInfo } from "./paths.js";
import { CLAUDE_CODE_SOURCE, toCallRecord, type ScannedCall } from "./to-record.js";

/** Markers of a Claude Code transcript line (not found in Codex rollouts or OTLP exports). */
const CLAUDE_MARKERS = ['"parentUuid"', '"sessionId"', '"file-history-snapshot"', '"leafUuid"'];

/** `has content` when the file starts like a Claude Code transcript, `empty` for an empty file, else `no`. */
async function sniff(path: string): Promise<"has content" | "empty" | "no"> {
  const head = await readHead(path, 4096);
  if (head.trim() === "") return "empty";
  const firstLine = head.split("\n", 1)[0] ?? "";
  const claude = CLAUDE_MARKERS.some((marker) => firstLine.includes(marker)) && !firstLine.includes('"session_meta"');
  return claude ? "has content" : "no";
}

/**
 * Claude Code projects directories (`~/.claude/projects`, `~/.config/claude/projects`,
 * `CLAUDE_CONFIG_DIR`). One record per response, deduplicated across files; sub-agent calls roll
 * up into their parent session and keep their agent id.
 */
export const claudeCodeImporter: Importer = {
  id: CLAUDE_CODE_SOURCE,
  label: "Claude Code",

  async discover(path) {
    const candidates = await listFiles(path, (name) => name.endsWith(".jsonl"));
    const sizes = candidates.map(fileSize);
    const accepted: string[] = [];
    let anyContent = false;
    for (const [index, file] of candidates.entries()) {
      // Claude Code's own layout is evidence enough; other files are looked into.
      const kind = isTranscriptPath(file) ? (sizes[index]! > 0 ? "has content" : "empty") : await sniff(file);
      if (kind === "no") continue;
      accepted.push(file);
      anyContent ||= kind === "has content";
    }
    // A directory of nothing but empty files is not evidence of Claude Code.
    return anyContent ? accepted : [];
  },

  prepare(files, { cache }) {
    // Large logs will be read with threads: start them loading now, while other formats are
    // detected. Only the files the read cache does not hold count.
    const toRead = files.filter((file) => !cache?.entry(CLAUDE_SCAN_READER, file).hit);
    prestartWorkers(workerCount(toRead.reduce((sum, file) => sum + fileSize(file), 0)));
  },

  defaultPaths() {
    return defaultProjectsDirectories();
  },

  async *read(files, context) {
    for await (const batch of readClaudeBatches(files, context)) yield* batch;
  },

  readBatches(files, context) {
    return readClaudeBatches(files, context);
  },
};

interface Pending {
  call: ScannedCall;
  file: ClaudeFileInfo;
}

/** The records settled as each file is merged in: one batch per file, and the last ones held. */
async function* readClaudeBatches(files: readonly string[], context: ImportContext): AsyncGenerator<readonly CallRecord[]> {
  const merger = new CallMerger(context);
  const progress = new FilesProgress(context.onProgress);
  for await (const batch of readClaudeScans(files, context.stats, context.cache)) {
    progress.report(batch.fileBytes);
    if (!batch.scan) continue;
    progress.fileDone();
    const settled = merger.add(files[batch.fileIndex]!, batch.scan);
    if (settled.length > 0) yield settled;
  }
  const rest = merger.finish();
  if (rest.length > 0) yield rest;
}

/**
 * Merges the files' scans into priced records. Each file comes already deduplicated exactly (see
 * scanClaudeFile). Across files, copies wait in a window of recent keys, and keys already settled
 * are remembered compactly, so a better copy arriving later still is counted as
 * `duplicate_late_larger` (none in the shared logs). Copies wait unpriced; only the one kept
 * becomes a priced record. Plain synchronous loops, apart from the reading generator: a file's
 * records are handed on together.
 */
class CallMerger {
  private readonly dedup = new Deduplicator<Pending>();

  constructor(private readonly context: ImportContext) {}

  /** The records settled once `scan` (of the file at `path`) is merged in. */
  add(path: string, scan: FileScan): CallRecord[] {
    const { stats } = this.context;
    stats.files += 1;
    const file = describeFile(path);
    for (const call of scan.calls) countDuplicate(stats, this.dedup.offer(call.key, call.tokens, call.preferred, { call, file }));
    return this.settle(this.dedup.drain());
  }

  /** The records still held once every file is merged. */
  finish(): CallRecord[] {
    return this.settle(this.dedup.flush());
  }

  private settle(settled: Pending[]): CallRecord[] {
    const { stats, prices } = this.context;
    stats.linesUsed += settled.length;
    return settled.map(({ call, file }) => toCallRecord(call, file, prices));
  }
}
