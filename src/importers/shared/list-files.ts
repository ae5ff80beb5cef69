import { closeSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

interface DiscoveryCache {
  /** Every file under a path, unfiltered. */
  walks: Map<string, string[]>;
  heads: Map<string, Head>;
  /** Files an importer has claimed: not offered to the importers detecting after it. */
  claimed: Set<string>;
  /** File sizes looked up (0 for a file gone). */
  sizes: Map<string, number>;
}

interface Head {
  bytes: Buffer;
  /** Whether `bytes` is the whole file (it was shorter than asked for). */
  wholeFile: boolean;
  /** Decoded text by length asked for: importers ask for the same few lengths of every file. */
  texts?: Map<number, string>;
}

/** The cache of the detection running now, if any (detection is sequential: one at a time). */
let discoveryCache: DiscoveryCache | undefined;

/**
 * Runs format detection with directory walks and file heads shared between importers: each
 * importer's `discover` walks the same tree and reads the same first bytes, and on a tree of
 * thousands of files that is most of the detection time. Outside this scope nothing is cached.
 * (A module variable, not AsyncLocalStorage: while a store is enabled Node runs a hook on every
 * promise, 13 ms on a 632-file report; two detections overlapping would merely share the cache,
 * which only ever holds what is on disk.)
 *
 * @example
 * const found = await withDiscoveryCache(() => Promise.all(importers.map((importer) => importer.discover(path))));
 */
export async function withDiscoveryCache<T>(detect: () => Promise<T>): Promise<T> {
  const outer = discoveryCache;
  discoveryCache ??= { walks: new Map(), heads: new Map(), claimed: new Set(), sizes: new Map() };
  try {
    return await detect();
  } finally {
    discoveryCache = outer;
  }
}

// Synchronous on purpose: a log tree has thousands of small directories, and one blocking call
// each is several times faster than a promise round trip each; the CLI has nothing else to do.

/**
 * Files under `path` (itself, if it is a file) whose name passes `accept`, depth first, sorted
 * by path so runs are reproducible. A missing path lists nothing; symbolic links to directories
 * are followed (a config dir's `projects` is often a link).
 *
 * @example
 * await listFiles("~/.codex/sessions", (name) => name.startsWith("rollout-") && name.endsWith(".jsonl"))
 */
export async function listFiles(path: string, accept: (name: string) => boolean): Promise<string[]> {
  const cache = discoveryCache;
  if (!cache) return listFilesSync(path, accept);
  let all = cache.walks.get(path);
  if (!all) {
    all = listFilesSync(path, () => true);
    cache.walks.set(path, all);
  }
  return all.filter((file) => !cache.claimed.has(file) && accept(file.split(/[\\/]/).pop() ?? file));
}

/**
 * The size of a file in bytes, 0 if it is gone; within a detection (`withDiscoveryCache`) each
 * file is looked up once, however many importers and planning steps ask.
 */
export function fileSize(path: string): number {
  const sizes = discoveryCache?.sizes;
  let size = sizes?.get(path);
  if (size === undefined) {
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    sizes?.set(path, size);
  }
  return size;
}

/**
 * Within the detection of one path, marks files as taken by an importer: `listFiles` no longer
 * offers them to the importers detecting after it, so they are not opened again to be sniffed.
 * `claimFiles([], { newPath: true })` starts the next path with nothing claimed (a path given
 * twice is recognized twice; its files are counted once by the caller).
 */
export function claimFiles(files: readonly string[], options: { newPath?: boolean } = {}): void {
  if (options.newPath) discoveryCache?.claimed.clear();
  for (const file of files) discoveryCache?.claimed.add(file);
}

function listFilesSync(path: string, accept: (name: string) => boolean): string[] {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return [];
  if (info.isFile()) return accept(path.split(/[\\/]/).pop() ?? path) ? [path] : [];
  const found: string[] = [];
  if (info.isDirectory()) walkDirectory(path, accept, found);
  return found;
}

/** Adds the accepted files under a directory to `found`; only symbolic links are looked up with `stat`. */
function walkDirectory(directory: string, accept: (name: string) => boolean, found: string[]): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(directory, entry.name);
    if (entry.isDirectory()) walkDirectory(child, accept, found);
    else if (entry.isFile()) {
      if (accept(entry.name)) found.push(child);
    } else if (entry.isSymbolicLink()) found.push(...listFilesSync(child, accept));
  }
}

/**
 * The first `bytes` bytes of a file as text (for format detection), empty for an empty or
 * unreadable file.
 *
 * @example
 * (await readHead("session.jsonl")).includes('"sessionId"')
 */
export async function readHead(path: string, bytes = 8192): Promise<string> {
  const cache = discoveryCache;
  let head = cache?.heads.get(path);
  if (!head || (head.bytes.length < bytes && !head.wholeFile)) {
    head = readHeadBytes(path, Math.max(bytes, 8192));
    if (!cache) return head.bytes.toString("utf8", 0, Math.min(bytes, head.bytes.length));
    cache.heads.set(path, head);
  }
  head.texts ??= new Map();
  let text = head.texts.get(bytes);
  if (text === undefined) {
    text = head.bytes.toString("utf8", 0, Math.min(bytes, head.bytes.length));
    head.texts.set(bytes, text);
  }
  return text;
}

function readHeadBytes(path: string, bytes: number): Head {
  const start = readFileStart(path, bytes);
  return start ? { bytes: start, wholeFile: start.length < bytes } : { bytes: Buffer.alloc(0), wholeFile: true };
}

/**
 * The first `bytes` bytes of a file (fewer if it is shorter), or undefined if it cannot be read.
 *
 * @example
 * readFileStart("session.jsonl", 4)?.toString() // '{"pa'
 */
export function readFileStart(path: string, bytes: number): Buffer | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    return buffer.subarray(0, readSync(descriptor, buffer, 0, bytes, 0));
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The files under `path` whose name matches and whose content `accepts` (usually a look at the
 * file's head), in the stable order of `listFiles`: the `discover` of most importers.
 *
 * @example
 * discoverFiles(dir, (name) => name.endsWith(".traj"), async (file) => /^\s*\{/.test(await readHead(file, 64)));
 */
export async function discoverFiles(
  path: string,
  matchesName: (name: string) => boolean,
  accepts: (file: string) => Promise<boolean>,
): Promise<string[]> {
  const accepted: string[] = [];
  for (const file of await listFiles(path, matchesName)) if (await accepts(file)) accepted.push(file);
  return accepted;
}
