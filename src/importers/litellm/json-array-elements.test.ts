import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonArrayElements, type ArrayElement } from "./json-array-elements.js";

const scratch = await mkdtemp(join(tmpdir(), "tokenomy-json-array-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function elements(content: string): Promise<ArrayElement[]> {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, content);
  const found: ArrayElement[] = [];
  for await (const element of jsonArrayElements(file)) found.push(element);
  return found;
}

describe("jsonArrayElements", () => {
  it("splits the top-level objects, ignoring braces and quotes inside strings", async () => {
    const rows = [{ a: "}{ ]\"[", nested: { b: [1, { c: 2 }] } }, { d: "\\" }, {}];
    const found = await elements(JSON.stringify(rows, null, 2));
    expect(found.map((element) => ("text" in element ? JSON.parse(element.text) : element))).toEqual(rows);
  });

  it("streams elements that straddle read chunks", async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => ({ request_id: `r-${index}`, messages: "x{".repeat(500) }));
    const found = await elements(JSON.stringify(rows));
    expect(found).toHaveLength(3000);
    expect(found.every((element, index) => "text" in element && JSON.parse(element.text).request_id === `r-${index}`)).toBe(true);
  });

  it("reports an element cut off by the end of the file", async () => {
    expect(await elements('[{"a":1},{"b":"unfinished')).toEqual([{ text: '{"a":1}' }, { problem: "truncated_entry" }]);
  });
});
