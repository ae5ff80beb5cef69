import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../emulator/index.js";
import { openLedger } from "../stores/registry.js";

let emulator: RunningEmulator;
let directory: string;

beforeAll(async () => {
  // Paced so that calls are still streaming when the signal arrives.
  emulator = await startEmulator({ seed: 3, latency: { timeToFirstTokenMs: 100, tokensPerSecond: 400 } });
  directory = mkdtempSync(join(tmpdir(), "tokenomy-drain-"));
});
afterAll(async () => {
  await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("tokenomy gateway on SIGTERM", () => {
  it("stops accepting, finishes in-flight calls, flushes the ledger and exits 0", async () => {
    const db = join(directory, "ledger.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "gateway", "--port", "0", "--db", db, "--upstream", `openai=${emulator.url}`, "--upstream", `anthropic=${emulator.url}`],
      { cwd: join(import.meta.dirname, "../.."), env: { ...process.env, OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stderr.on("data", (chunk) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once("exit", () => reject(new Error(`gateway exited early: ${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const client = new OpenAI({ apiKey: "sk-client", baseURL: `${url}/v1`, maxRetries: 0 });
    let finished = 0;
    const calls = Array.from({ length: 5 }, async (_, index) => {
      const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `story ${index}` }], stream: true });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      finished += 1;
      return text;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(finished).toBe(0);
    child.kill("SIGTERM");
    const texts = await Promise.all(calls);
    expect(texts.every((text) => text.length > 0)).toBe(true);
    expect(await exited).toBe(0);
    expect(output).toMatch(/ledger flushed/);
    const ledger = await openLedger(db);
    try {
      const records = [];
      for await (const record of ledger.records()) records.push(record);
      expect(records).toHaveLength(5);
      expect(records.every((record) => record.status === "ok")).toBe(true);
      expect(records.reduce((sum, record) => sum + (record.usage.output ?? 0), 0)).toBe(emulator.billed().totals.output);
    } finally {
      await ledger.close();
    }
  }, 60_000);
});
