import { describe, expect, it } from "vitest";
import { FingerprintCache, sameJson, shortHash } from "./fingerprints.js";

const tools = () => [
  { type: "function", function: { name: "read_file", description: "Reads a file", parameters: { type: "object", properties: { path: { type: "string" } } } } },
  { type: "function", function: { name: "search", description: "Searches", parameters: { type: "object", properties: { query: { type: "string" }, limit: { type: "integer" } } } } },
];

describe("tool fingerprints", () => {
  it("hash the serialized list, and count a repeated list once", () => {
    let counted = 0;
    const cache = new FingerprintCache((text) => (counted += 1, text.length));
    const first = cache.fingerprint(undefined, tools(), "gpt-4o");
    const again = cache.fingerprint(undefined, tools(), "gpt-4o");
    expect(first?.toolsHash).toBe(shortHash(JSON.stringify(tools())));
    expect(again).toEqual(first);
    expect(first?.toolsTokens).toBe(JSON.stringify(tools()).length);
    expect(counted).toBe(1);
  });

  it("tell apart lists with the same tool names but another schema or key order", () => {
    const cache = new FingerprintCache((text) => text.length);
    const base = cache.fingerprint(undefined, tools(), "gpt-4o")!.toolsHash;
    const changed = tools();
    (changed[1]!.function.parameters.properties as Record<string, unknown>).limit = { type: "number" };
    expect(cache.fingerprint(undefined, changed, "gpt-4o")!.toolsHash).toBe(shortHash(JSON.stringify(changed)));
    expect(cache.fingerprint(undefined, changed, "gpt-4o")!.toolsHash).not.toBe(base);
    const reordered = tools().map((tool) => ({ function: tool.function, type: tool.type }));
    expect(cache.fingerprint(undefined, reordered, "gpt-4o")!.toolsHash).toBe(shortHash(JSON.stringify(reordered)));
    expect(cache.fingerprint(undefined, tools(), "gpt-4o")!.toolsHash).toBe(base);
  });

  it("sameJson agrees with comparing serialized text", () => {
    const cases: [unknown, unknown][] = [
      [{ a: 1, b: [1, "x", null] }, { a: 1, b: [1, "x", null] }],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [[1, 2], [1, 2, 3]],
      [{ a: [] }, { a: {} }],
      [{ a: null }, { a: 0 }],
      ["1", 1],
    ];
    for (const [a, b] of cases) expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
  });
});
