import { readFile, stat } from "node:fs/promises";

/** Largest trajectory parsed (a trajectory is one JSON document, read whole). */
export const MAX_TRAJECTORY_BYTES = 256 * 1024 * 1024;

export type JsonFile =
  | { value: Record<string, unknown>; bytes: number }
  | { problem: "invalid_json" | "file_too_large" | "not_an_object" | "file_vanished"; bytes: number };

/**
 * Reads and parses a one-document JSON file, refusing files past `maxBytes` before reading them.
 *
 * @example
 * const file = await readJsonFile("x.traj.json");
 * if ("value" in file) console.log(Object.keys(file.value));
 */
export async function readJsonFile(path: string, maxBytes = MAX_TRAJECTORY_BYTES): Promise<JsonFile> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  // Gone since it was found: counted like a bad line, and the other files are read.
  if (!info) return { problem: "file_vanished", bytes: 0 };
  const bytes = info.size;
  if (bytes > maxBytes) return { problem: "file_too_large", bytes };
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch {
    return { problem: "invalid_json", bytes };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "not_an_object", bytes };
  return { value: value as Record<string, unknown>, bytes };
}
