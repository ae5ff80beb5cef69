import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

const SESSION_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

async function listJsonl(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await listJsonl(path)));
    else if (entry.name.endsWith(".jsonl")) found.push(path);
  }
  return found.sort();
}

/**
 * Copy `copy` of a text: every uuid (session ids, line uuids), message id and request id gets
 * a per-copy prefix, so deduplication keeps each copy's calls apart and totals scale exactly.
 */
function rewrite(text: string, copy: number): string {
  const tag = copy.toString(16).padStart(8, "0");
  return text
    .replace(SESSION_ID, (uuid) => tag + uuid.slice(8))
    .replaceAll('"msg_', `"msg_${tag}`)
    .replaceAll('"req_', `"req_${tag}`);
}

/**
 * Builds `<root>/projects/...` from the shared Claude Code logs, replicated until the tree holds
 * at least `minimumBytes`. Reuses a tree already built with the same parameters.
 *
 * @returns the number of copies and the bytes written.
 */
export async function buildTree(source: string, root: string, minimumBytes: number): Promise<{ copies: number; bytes: number }> {
  const files = await listJsonl(source);
  const contents = await Promise.all(files.map((file) => readFile(file, "utf8")));
  const bytesPerCopy = contents.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const copies = Math.ceil(minimumBytes / bytesPerCopy);
  const marker = join(root, "tree.json");
  const wanted = JSON.stringify({ copies, bytesPerCopy, files: files.length });
  if (existsSync(marker) && (await readFile(marker, "utf8")) === wanted) return { copies, bytes: copies * bytesPerCopy };
  await rm(root, { recursive: true, force: true });
  let bytes = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const [index, file] of files.entries()) {
      const target = join(root, "projects", rewrite(relative(source, file), copy).replace(/^[^/]+/, (project) => `${project}-${copy % 10}`));
      await mkdir(dirname(target), { recursive: true });
      const text = rewrite(contents[index]!, copy);
      await writeFile(target, text);
      bytes += Buffer.byteLength(text);
    }
  }
  await writeFile(marker, wanted);
  const check = await stat(marker);
  if (!check.isFile()) throw new Error("could not write the tree marker");
  return { copies, bytes };
}
