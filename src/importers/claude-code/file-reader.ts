import type { ImportStats } from "../../core/importer.js";
import { Deduplicator, type DedupOutcome } from "../shared/deduplicator.js";
import { fromMembers, parseClaudeLineJson, type ParsedClaudeLine } from "./parse-line.js";
import type { ClaudeFileInfo } from "./paths.js";
import type { ClaudeLineMembers, PlainLine, RecordVisitor } from "./scan-records.js";
import { dedupKey, lineTokens, requestKey, scanCall, scanPlainCall, type ScannedCall } from "./to-record.js";

/**
 * One file's usage lines, deduplicated exactly: every copy is held until the file ends, so the
 * best copy wins and memory is bounded by the largest file, not the tree. Takes parsed lines, or
 * the scanner's records (as a `RecordVisitor`), in file order; counts skips into `stats`. A copy
 * is converted to a ScannedCall only when it is kept (or replaces the one held), and held as such.
 */
export class FileReader implements RecordVisitor {
  private readonly dedup = Deduplicator.exact<ScannedCall>();

  constructor(
    private readonly file: ClaudeFileInfo,
    private readonly stats: ImportStats,
  ) {}

  take(parsed: ParsedClaudeLine, offset: number): void {
    if ("skip" in parsed) {
      this.stats.skip(parsed.skip);
      return;
    }
    const { line } = parsed;
    const key = dedupKey(line, this.file);
    const tokens = lineTokens(line.usage);
    const convert = () => scanCall(line, this.file, offset, key);
    countDuplicate(this.stats, key === undefined ? this.dedup.offer(key, tokens, !line.isSidechain, convert()) : this.dedup.offerLazily(key, tokens, !line.isSidechain, convert));
  }

  /** A PLAIN line: decoded only when kept. */
  plain(plain: PlainLine): void {
    const key = requestKey(plain.messageId, plain.requestId);
    const outcome = this.dedup.offerLazily(key, plain.tokens, plain.preferred, () => scanPlainCall(plain, key));
    countDuplicate(this.stats, outcome);
  }

  other(members: ClaudeLineMembers | undefined, bytes: Buffer, start: number, end: number, offset: number): void {
    this.take(members ? fromMembers(members) : parseClaudeLineJson(bytes, start, end), offset);
  }

  /** The responses kept, once the file has been read. */
  calls(): ScannedCall[] {
    return this.dedup.flush();
  }
}

/** Counts a copy the deduplicator dropped. */
export function countDuplicate(stats: ImportStats, outcome: DedupOutcome): void {
  if (outcome === "replaced" || outcome === "duplicate") stats.skip("duplicate");
  else if (outcome === "late_larger") stats.skip("duplicate_late_larger");
}
