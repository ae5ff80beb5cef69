import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The built CLI (`npm test` builds it first via `pretest`). */
export const CLI = join(process.cwd(), "dist/cli/main.js");

/** Runs `tokenomy ARGS...` from the built CLI; fails loudly when the CLI is not built. */
export function runTokenomy(args: string[], environment: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsup\` (npm test does it in pretest)`);
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: environment, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
