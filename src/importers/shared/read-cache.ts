import type { createHash as CreateHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { ReadCache, ReadCacheEntry } from "../../core/importer.js";
import { readFileStart } from "./list-files.js";

/** Bumped when the layout of an entry changes; entries of another layout are ignored. */
const LAYOUT = 1;

/** An entry's first line: whose result it is, and the log file's state when it was read. */
interface EntryHeader {
  layout: number;
  /** tokenomy's version: results of another release are not trusted. */
  tokenomy: string;
  reader: string;
  file: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * The folder of tokenomy's caches: `$TOKENOMY_CACHE_DIR`, else `$XDG_CACHE_HOME/tokenomy`, else
 * `~/.cache/tokenomy`.
 *
 * @example
 * cacheDirectory({ HOME: "/home/ada" }) // "/home/ada/.cache/tokenomy"
 */
export function cacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.TOKENOMY_CACHE_DIR) return environment.TOKENOMY_CACHE_DIR;
  return join(environment.XDG_CACHE_HOME || join(environment.HOME || homedir(), ".cache"), "tokenomy");
}

/**
 * A ReadCache with one small file per log file under `<directory>/reads/`: its first line says
 * whose result it is and the log file's state when read, the rest is the result as stored. Only
 * the entries of the files being read are ever loaded, so memory does not grow with the number
 * of logs. A missing, damaged or foreign entry is a miss, and a failed write is ignored: the
 * cache only ever saves work, it never fails or changes a read. Deleting the folder is always safe.
 *
 * @example
 * const { records } = readLogs(paths, { prices, cache: new FileReadCache(cacheDirectory(), TOKENOMY_VERSION) });
 */
export class FileReadCache implements ReadCache {
  private readonly folder: string;
  private folderMade = false;
  /** Entries taken in this run: asked again, a file is not looked up again (one cache per run). */
  private readonly taken = new Map<string, ReadCacheEntry>();

  constructor(
    directory: string,
    private readonly tokenomyVersion: string,
  ) {
    this.folder = join(directory, "reads");
  }

  entry(reader: string, file: string): ReadCacheEntry {
    const key = `${reader}\u0000${file}`;
    let entry = this.taken.get(key);
    if (!entry) {
      entry = this.lookUp(reader, file);
      this.taken.set(key, entry);
    }
    return entry;
  }

  private lookUp(reader: string, given: string): ReadCacheEntry {
    const stats = statSync(given, { throwIfNoEntry: false });
    if (!stats?.isFile()) return { hit: false, stored: () => undefined, store: () => undefined };
    // One entry per file however it was named (relative to another directory, or absolute).
    const file = resolve(given);
    const header: EntryHeader = { layout: LAYOUT, tokenomy: this.tokenomyVersion, reader, file, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
    const expected = `${JSON.stringify(header)}\n`;
    const path = join(this.folder, `${sha1Hex(`${reader}\u0000${file}`)}.entry`);
    return {
      hit: startsWith(path, expected),
      stored: () => {
        const text = readText(path);
        return text?.startsWith(expected) ? text.slice(expected.length) : undefined;
      },
      store: (result) => this.write(path, expected, result),
    };
  }

  private write(path: string, header: string, result: string): void {
    try {
      // Private: entries name log files and sessions (never their content).
      if (!this.folderMade) mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      this.folderMade = true;
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, header + result, { mode: 0o600 });
      renameSync(temporary, path);
    } catch {
      // A cache that cannot be written is a cache that does not help; the read itself is done.
    }
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Whether the file at `path` starts with `prefix`, reading no more than that. */
function startsWith(path: string, prefix: string): boolean {
  const expected = Buffer.from(prefix);
  return readFileStart(path, expected.length)?.equals(expected) ?? false;
}

// node:crypto is required at the first lookup, not imported: `report --no-cache` then never loads
// it (about 4 ms of start-up).
let createHash: typeof CreateHash | undefined;
function sha1Hex(text: string): string {
  createHash ??= (createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto")).createHash;
  return createHash("sha1").update(text).digest("hex");
}
