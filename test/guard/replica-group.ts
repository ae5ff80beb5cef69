import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { POSTGRES_URL } from "../../src/testing/servers.js";

const root = new URL("../../", import.meta.url).pathname;
/** A private build, so rebuilding never races another suite that runs dist/. */
export const CLI = join(root, "node_modules/.cache/tokenomy-guard-dist/cli/main.js");

export function buildCli(): void {
  execFileSync("npx", ["tsup", "--out-dir", "node_modules/.cache/tokenomy-guard-dist", "--silent"], { cwd: root, stdio: "ignore" });
}

export interface Replica {
  url: string;
  process: ChildProcess;
  output: string[];
}

/** Spawns `tokenomy gateway` and resolves once it listens. */
export function spawnGateway(args: string[], env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [CLI, "gateway", "--port", "0", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join("")}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /listening on (http:\/\/[^\s]+)/.exec(output.join(""));
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, process: child, output });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output.join("")}`));
    });
  });
}

/** Stops a replica gracefully (SIGTERM: drain and flush) unless it is already dead. */
export function stopGateway(replica: Replica): Promise<void> {
  if (replica.process.exitCode !== null || replica.process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    replica.process.once("exit", () => resolve());
    replica.process.kill("SIGTERM");
  });
}

/** A PostgreSQL schema of its own for one test run, dropped by `drop()`. */
export function privateSchema(): { url: string; drop(): Promise<void> } {
  const schema = `guard_${process.pid}_${Date.now()}`;
  const separator = POSTGRES_URL.includes("?") ? "&" : "?";
  return {
    url: `${POSTGRES_URL}${separator}schema=${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export function writeConfig(yaml: string): string {
  const directory = mkdtempSync(join(tmpdir(), "tokenomy-guard-"));
  const path = join(directory, "gateway.yaml");
  writeFileSync(path, yaml);
  return path;
}
