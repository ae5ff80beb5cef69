import { describe, expect, it } from "vitest";
import { listFiles } from "../shared/list-files.js";
import { decodeScan, encodeScan } from "./scan-codec.js";
import { scanClaudeFile, type FileScan } from "./scan-files.js";
import { SHARED_PROJECTS } from "./test-helpers.js";

async function scanOf(path: string): Promise<FileScan> {
  for await (const batch of scanClaudeFile(path, 0)) if (batch.scan) return batch.scan;
  throw new Error(`no scan for ${path}`);
}

describe("encodeScan / decodeScan", () => {
  it("give back every scan of the shared logs exactly", async () => {
    const files = await listFiles(SHARED_PROJECTS, (name) => name.endsWith(".jsonl"));
    let calls = 0;
    for (const file of files) {
      const scan = await scanOf(file);
      calls += scan.calls.length;
      expect(decodeScan(encodeScan(scan))).toStrictEqual(scan);
    }
    expect(calls).toBeGreaterThan(300);
  });

  it("keep what the key cannot give: ids without a request id, identities without a key, 0 apart from unreported", () => {
    const scan: FileScan = {
      linesRead: 3,
      skipped: { no_usage: 1 },
      fileBytes: 1234,
      calls: [
        { key: undefined, identity: "session:uuid-1", tokens: 5, preferred: true, model: "claude-x", timestamp: 1, usage: { inputNoCache: 0, output: 5 } },
        {
          key: "msg_1\u0000\u0000session\u0000",
          identity: "msg_1::session:",
          tokens: 7,
          preferred: false,
          model: "claude-x",
          timestamp: 2,
          messageId: "msg_1",
          stopReason: "end_turn",
          usage: { cacheRead: 7, webSearchRequests: 2 },
        },
        {
          key: "msg_2\u0000req_2",
          identity: "msg_2:req_2",
          tokens: 1,
          preferred: true,
          model: "claude-x",
          timestamp: 3,
          messageId: "msg_2",
          requestId: "req_2",
          usage: { output: 1, reasoning: 0 },
        },
      ],
    };
    expect(decodeScan(encodeScan(scan))).toStrictEqual(scan);
  });

  it("reject what encodeScan did not write", () => {
    for (const text of [undefined, "", "not json", "null", "[]", '{"linesRead":1}', '{"linesRead":1,"skipped":{},"fileBytes":2,"calls":[[1,2]]}']) {
      expect(decodeScan(text)).toBeUndefined();
    }
  });
});
