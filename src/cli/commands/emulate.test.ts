import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

describe("tokenomy emulate", () => {
  it("serves the APIs on the given port until SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "emulate", "--port", "0", "--seed", "4", "--latency-ttft-ms", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/[^\s]+)/.exec(output);
          if (match) resolve(match[1] as string);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      const response = await fetch(`${url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { object: string }).object).toBe("chat.completion");
      const billed = (await (await fetch(`${url}/emulator/billed`)).json()) as { totals: { requests: number } };
      expect(billed.totals.requests).toBe(1);
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("refuses a bad option with a clear message", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "emulate", "--fault-rates", "418=0.5"], { stdio: ["ignore", "pipe", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(errors).toContain("unknown fault 418");
  });
});
