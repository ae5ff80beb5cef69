import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { USAGE_FIELDS, usageProblems } from "../core/usage.js";
import { seededRandom } from "../core/random.js";
import { usageConventionIds, usageConventions } from "./usage-conventions.js";

const documentation = readFileSync(new URL("../../docs/usage-conventions.md", import.meta.url), "utf8");

describe("usage conventions table", () => {
  it("has exactly one row per registered convention", () => {
    expect(Object.keys(usageConventions).sort()).toEqual([...usageConventionIds].sort());
  });

  it.each(usageConventionIds)("documents %s in docs/usage-conventions.md with the registry's flags", (id) => {
    const row = documentation.split("\n").find((line) => line.startsWith(`| \`${id}\` |`));
    expect(row, `docs/usage-conventions.md has no table row for \`${id}\``).toBeDefined();
    const cells = row!.split("|").map((cell) => cell.trim());
    const convention = usageConventions[id];
    expect(cells.slice(2, 5)).toEqual([
      convention.inputIncludesCacheRead,
      convention.inputIncludesCacheWrite,
      convention.outputIncludesReasoning,
    ]);
  });
});

/** Every field name any converter reads, so that garbage reaches every code path. */
const FIELD_NAMES = [
  "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
  "prompt_tokens", "completion_tokens", "total_tokens", "cached_input_tokens", "reasoning_output_tokens",
  "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
  "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.reasoning.output_tokens",
  "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "cost",
];
const NESTED = {
  cache_creation: ["ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"],
  server_tool_use: ["web_search_requests"],
  prompt_tokens_details: ["cached_tokens", "cache_write_tokens"],
  completion_tokens_details: ["reasoning_tokens"],
  input_tokens_details: ["cached_tokens"],
  output_tokens_details: ["reasoning_tokens"],
};
const GARBAGE_VALUES: unknown[] = [
  -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300, 2 ** 53, "abc", "12", "-3", "", null, true, {}, [], [5], { intValue: "x" }, 10n,
];

function garbagePayload(pick: () => unknown): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) payload[name] = pick();
  for (const [name, inner] of Object.entries(NESTED)) payload[name] = Object.fromEntries(inner.map((key) => [key, pick()]));
  return payload;
}

describe("every converter is total", () => {
  const next = seededRandom(42);
  const mixedValues = [...GARBAGE_VALUES, 0, 7, 1000, 250_000];
  const payloads: unknown[] = [
    undefined, null, 0, "usage", [], [1, 2], {},
    ...GARBAGE_VALUES.map((value) => garbagePayload(() => value)),
    ...Array.from({ length: 300 }, () => garbagePayload(() => mixedValues[Math.floor(next() * mixedValues.length)])),
  ];

  it.each(usageConventionIds)("%s: garbage in, a sound Usage out", (id) => {
    for (const payload of payloads) {
      const usage = usageConventions[id].convert(payload);
      expect(usageProblems(usage), JSON.stringify(payload, (_key, value) => (typeof value === "bigint" ? `${value}n` : value))).toEqual([]);
      for (const key of Object.keys(usage)) expect(USAGE_FIELDS).toContain(key);
    }
  });
});
