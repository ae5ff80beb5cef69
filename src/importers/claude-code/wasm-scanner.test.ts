import { describe, expect, it } from "vitest";
import { seededRandom } from "../../core/random.js";
import { classifyClaudeLine } from "./classify-line.js";
import { fromMembers, parseClaudeLine, parseClaudeLineBytes, parseClaudeLineJson } from "./parse-line.js";
import { describeFile } from "./paths.js";
import { asImporterSees, sharedLines } from "./test-helpers.js";
import { dedupKey, lineTokens, requestKey, scanCall, scanPlainCall } from "./to-record.js";
import { RecordBytes, visitRecords, type RecordVisitor } from "./scan-records.js";
import { ChunkScanner, claudeLineMembers, collectLineRecord, RecordCollector } from "./wasm-scanner.js";

// The WebAssembly scanner must conclude exactly what JSON.parse does, on every line: these tests
// compare the two on the real logs and on many damaged and unusual variants of them.

const usage = '{"input_tokens":3,"cache_creation_input_tokens":10,"cache_read_input_tokens":20,"output_tokens":5}';
const head = '"timestamp":"2026-01-02T03:04:05.678Z","requestId":"req_1","sessionId":"s-1","uuid":"u-1","isSidechain":false';
const message = `{"model":"claude-sonnet-4-5","id":"msg_1","type":"message","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":${usage}}`;

/** Hand-made lines at the edges of JSON and of the members kept. */
const unusualLines = [
  `{${head},"type":"assistant","message":${message}}`,
  `  {${head},"message":${message}}  \t`,
  `{${head},"message":${message},"message":{"model":"claude-2","usage":{}}}`,
  `{${head},"message":${message},"message":null}`,
  `{${head},"message":${message},"timestamp":"2026-02-02T00:00:00Z","isSidechain":true}`,
  `{${head},"message":{"model":"claude-x","usage":[1,2]}}`,
  `{${head},"message":{"model":"<synthetic>","usage":{}}}`,
  `{${head},"message":{"model":"","usage":{}}}`,
  `{${head},"message":{"model":7,"usage":{}}}`,
  `{"timestamp":12,"message":${message}}`,
  `{"timestamp":"not a date","message":${message}}`,
  `{"\\u0074imestamp":"2026-01-02T03:04:05Z","message":${message}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","m\\u0065ssage":${message}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","message":{"\\u006dodel":"claude-x","usage":{"output_tokens":1}}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","message":{"model":"claude-\\u00e9\\ud800","id":"msg_\\"q\\"","usage":{"output_tokens":1}}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","message":{"model":"claude-é","id":"msg_ü","usage":{"output_tokens":1,"note":"ß"}}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","requestId":"","message":{"model":"claude-x","id":"","usage":{"output_tokens":-0,"input_tokens":1e3,"x":[1.5e-3,-2E+2,0.0]}}}`,
  `{"timestamp":"2026-01-02T03:04:05Z","nested":{"message":{"model":"decoy","usage":{}}},"message":{"model":"claude-x","usage":{"a":{"usage":1}}}}`,
  `{"isSidechain":true,"isSidechain":"true","timestamp":"2026-01-02T03:04:05Z","message":${message}}`,
  `{"isSidechain":null,"timestamp":"2026-01-02T03:04:05Z","message":${message}}`,
  // Plain lines whose cache split or tool use is written in every way fromAnthropicUsage reads.
  ...[
    '"cache_creation":{"ephemeral_1h_input_tokens":7}',
    '"cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":4}',
    '"cache_creation":{"ephemeral_5m_input_tokens":"3"}',
    '"cache_creation":{"ephemeral_1h_input_tokens":2.5}',
    '"cache_creation":null',
    '"cache_creation":[1]',
    '"cache_creation":{}',
    '"server_tool_use":{"web_search_requests":2}',
    '"server_tool_use":{"web_search_requests":-1}',
    '"server_tool_use":7',
    '"server_tool_use":{"web_search_requests":2},"server_tool_use":{}',
    '"server_tool_use":{"web_search_requests":2},"server_tool_use":7',
    '"cache_creation":{"ephemeral_5m_input_tokens":3},"cache_creation":false',
  ].map((member) => `{${head},"message":{"model":"claude-x","id":"msg_2","usage":{"input_tokens":1,"cache_creation_input_tokens":10,${member}}}}`),
  // Plain lines one after another whose models differ in one byte or only in length (a plain
  // record reuses the previous model's text while the bytes match).
  ...["claude-x", "claude-y", "claude-y", "claude-x", "claude-xy", "claude-", "claude-x"].map(
    (model, index) => `{${head},"message":{"model":"${model}","id":"msg_m${index}","usage":{"output_tokens":1}}}`,
  ),
  '{"type":"user","message":{"role":"user"}}',
  '{"type":"user"}',
  '{"type":"progress","data":{"message":{"usage":{}}}}',
  '"type":"user"}',
  '[{"type":"user"}]',
  "[]",
  "{}",
  "null",
  '"text"',
  "12",
  "{",
  "}",
  '{"a":01}',
  '{"a":1.}',
  '{"a":.5}',
  '{"a":-}',
  '{"a":1e}',
  '{"a":+1}',
  '{"a":tru}',
  '{"a":nulls}',
  '{"a":falsey}',
  '{"a" 1}',
  '{"a":1,}',
  '{,"a":1}',
  '{"a":[1,]}',
  '{"a":"\\x"}',
  '{"a":"\\u12G4"}',
  '{"a":"tab\there"}',
  '{"a":1} x',
  '{"a":1}{"b":2}',
  "\ufeff{}",
  `{"deep":${"[".repeat(300)}${"]".repeat(300)},"message":${message},"timestamp":"2026-01-02T03:04:05Z"}`,
  `{"deep":${"[".repeat(5000)}${"]".repeat(5000)},"message":${message},"timestamp":"2026-01-02T03:04:05Z"}`,
  `{"long":"${"a\\\"".repeat(5000)}","message":${message},"timestamp":"2026-01-02T03:04:05Z"}`,
  ...[
    "2026-02-30T00:00:00Z",
    "2024-02-29T23:59:59.999Z",
    "2026-04-31T12:00:00.000Z",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T23:60:00Z",
    "2026-01-01T23:59:60Z",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-01-00T00:00:00Z",
    "2026-01-32T00:00:00Z",
    "2026-01-01T00:00:00.1Z",
    "2026-01-01T00:00:00.12345Z",
    "2026-01-01T00:00:00+01:00",
    "2026-01-01 00:00:00Z",
    "2026-01-01T00:00:00",
    "2026-01-01T00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "2026-1-01T00:00:00.000Z",
    "2026-01-01T00:00:00.0a0Z",
    "+2026-01-01T00:00:00Z",
  ].map((time) => `{"timestamp":"${time}","message":${message}}`),
  ...[
    '"input_tokens":"12","output_tokens":" 7 "',
    '"input_tokens":1e2,"output_tokens":-5,"cache_read_input_tokens":1.5',
    '"input_tokens":9007199254740993,"output_tokens":123456789012345,"cache_read_input_tokens":1234567890123456',
    '"input_tokens":0,"output_tokens":-0,"cache_creation_input_tokens":0.0',
    '"cache_creation_input_tokens":50,"cache_creation":null',
    '"cache_creation_input_tokens":50,"cache_creation":[]',
    '"cache_creation_input_tokens":50,"cache_creation":{"ephemeral_5m_input_tokens":"7","ephemeral_1h_input_tokens":43}',
    '"cache_creation_input_tokens":50,"cache_creation":{"ephemeral_1h_input_tokens":50},"cache_creation":{"ephemeral_5m_input_tokens":50}',
    '"server_tool_use":{"web_search_requests":2,"web_fetch_requests":1},"output_tokens":3',
    '"server_tool_use":{"web_search_requests":2},"server_tool_use":{}',
    '"server_tool_use":{"web_search_requests":2},"server_tool_use":7',
    '"cache_creation":{"ephemeral_5m_input_tokens":3},"cache_creation":false',
    '"output_tokens":3,"output_tokens":true',
    '"output_tokens":3,"output_tokens":null',
    '"output_tokens":{"output_tokens":3}',
    '"service_tier":"standard","output_tokens":3,"inference_geo":"ü"',
  ].map((members) => `{"timestamp":"2026-01-02T03:04:05Z","message":{"model":"claude-x","usage":{${members}}}}`),
  `{"timestamp":"2026-01-02T03:04:05Z","message":{"model":"claude-x","usage":{"output_tokens":1},"usage":{"input_tokens":2}}}`,
].map((line) => Buffer.from(line));

/** Copies of `line` cut short, or with one byte changed to one that matters to JSON. */
function damaged(line: Buffer, next: () => number, count: number): Buffer[] {
  const variants: Buffer[] = [];
  const bytes = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x01, 0x80, 0x20, 0x30, 0x65];
  for (let index = 0; index < count; index++) {
    const at = Math.floor(next() * line.length);
    variants.push(line.subarray(0, at));
    const changed = Buffer.from(line);
    changed[at] = bytes[Math.floor(next() * bytes.length)]!;
    variants.push(changed);
  }
  return variants;
}

function reference(line: Buffer) {
  return asImporterSees(parseClaudeLine(line.toString("utf8")));
}

function testLines(): Buffer[] {
  const next = seededRandom(42);
  const real = sharedLines().map((line) => Buffer.from(line));
  // Usage lines get more damage: they are the ones fully scanned.
  const damagedReal = real.flatMap((line) => damaged(line, next, line.includes('"usage"') ? 6 : 1));
  return [...real, ...unusualLines, ...unusualLines.flatMap((line) => damaged(line, next, 8)), ...damagedReal];
}

describe("claudeLineMembers", () => {
  it("reads every line, real, unusual or damaged, exactly as JSON.parse does", () => {
    let scanned = 0;
    let leftToJson = 0;
    for (const line of testLines()) {
      const padded = Buffer.concat([Buffer.from("xx"), line, Buffer.from("yy")]);
      const members = claudeLineMembers(padded, 2, padded.length - 2);
      if (members) scanned++;
      else leftToJson++;
      expect(asImporterSees(parseClaudeLineBytes(padded, 2, padded.length - 2)), line.toString("utf8").slice(0, 300)).toEqual(reference(line));
    }
    // Both paths are exercised: most lines are scanned, the damaged ones fall back.
    expect(scanned).toBeGreaterThan(3737);
    expect(leftToJson).toBeGreaterThan(1000);
  });

  it("converts timestamps as Date.parse does", () => {
    const next = seededRandom(3);
    const pad = (value: number, width: number) => String(value).padStart(width, "0");
    for (let index = 0; index < 3000; index++) {
      const year = 1960 + Math.floor(next() * 100);
      const parts = [pad(year, 4), pad(Math.floor(next() * 14), 2), pad(Math.floor(next() * 33), 2)];
      const clock = [pad(Math.floor(next() * 25), 2), pad(Math.floor(next() * 61), 2), pad(Math.floor(next() * 61), 2)];
      const millis = next() < 0.5 ? "" : `.${pad(Math.floor(next() * 1000), 3)}`;
      const time = `${parts.join("-")}T${clock.join(":")}${millis}Z`;
      const line = Buffer.from(`{"timestamp":"${time}","message":${message}}`);
      expect(asImporterSees(parseClaudeLineBytes(line, 0, line.length)), time).toEqual(reference(line));
    }
  });

  it("grows its memory for a line longer than it holds", () => {
    const text = `{"pad":"${"z".repeat(3 * 1024 * 1024)}","timestamp":"2026-01-02T03:04:05Z","message":${message}}`;
    const line = Buffer.from(text);
    expect(asImporterSees(parseClaudeLineBytes(line, 0, line.length))).toEqual(reference(line));
  });
});

/** What the JavaScript line reader and `classifyClaudeLine` conclude of each line of `text`, visited lines parsed. */
function readInJavaScript(text: Buffer, maxLineBytes: number) {
  const counts = { linesRead: 0, noUsage: 0, tooLong: 0, repeats: 0 };
  const visited: { offset: number; parsed: ReturnType<typeof asImporterSees> }[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf(0x0a, start);
    let end = newline;
    if (end > start && text[end - 1] === 0x0d) end--;
    if (!/^[ \t\r]*$/.test(text.toString("latin1", start, end))) {
      counts.linesRead++;
      if (end - start > maxLineBytes) counts.tooLong++;
      else if (classifyClaudeLine(text, start, end) === "no_usage") counts.noUsage++;
      else visited.push({ offset: 1000 + start, parsed: reference(text.subarray(start, end)) });
    }
    start = newline + 1;
  }
  return { counts, visited };
}

/** What the chunk scanner finds in `text`: visiting its records at once, or (`copied`) as a worker sends them. */
function readInWebAssembly(text: Buffer, maxLineBytes: number, copied = false) {
  const scanner = new ChunkScanner(text.length);
  text.copy(scanner.buffer);
  const visited: { offset: number; parsed: ReturnType<typeof asImporterSees> }[] = [];
  let plainLines = 0;
  const visitor: RecordVisitor = {
    plain(line) {
      plainLines++;
      const parsed = fromMembers(line.members());
      // What a plain line is judged by before being decoded is what its decoding gives.
      if (!("line" in parsed)) throw new Error(`plain line without usage: ${parsed.skip}`);
      expect(requestKey(line.messageId, line.requestId)).toBe(dedupKey(parsed.line, describeFile("/p/s.jsonl")));
      expect(line.tokens).toBe(lineTokens(parsed.line.usage));
      expect(line.preferred).toBe(!parsed.line.isSidechain);
      // And the call read straight from its record is the one its decoding gives.
      const file = describeFile("/p/s.jsonl");
      const key = requestKey(line.messageId, line.requestId);
      expect(scanPlainCall(line, key)).toEqual(scanCall(parsed.line, file, line.offset, key));
      visited.push({ offset: line.offset, parsed: asImporterSees(parsed) });
    },
    other(members, bytes, start, end, offset) {
      visited.push({ offset, parsed: asImporterSees(members ? fromMembers(members) : parseClaudeLineJson(bytes, start, end)) });
    },
  };
  if (!copied) return { counts: scanner.lines(0, text.length, 1000, maxLineBytes, visitor), visited, plainLines };
  const records = new RecordCollector();
  const counts = scanner.collect(0, text.length, 1000, maxLineBytes, records);
  const length = records.length;
  const buffer = records.take();
  visitRecords(new RecordBytes(buffer, 0, buffer.byteLength), 0, length, visitor);
  return { counts, visited, plainLines };
}

describe("ChunkScanner", () => {
  it("splits, counts, classifies and scans a chunk's lines as the line reader and classifyClaudeLine do", () => {
    const lines = testLines().filter((line) => !line.includes(0x0a));
    const next = seededRandom(7);
    // Lines end in \n or \r\n, with blank and whitespace-only lines between some.
    const parts = lines.flatMap((line) => {
      const roll = next();
      const ending = roll < 0.1 ? "\r\n" : roll < 0.15 ? "\n \t\r\n\n" : "\n";
      return [line, Buffer.from(ending)];
    });
    const text = Buffer.concat(parts);
    for (const [maxLineBytes, copied] of [[64 * 1024 * 1024, false], [300, false], [64 * 1024 * 1024, true]] as const) {
      const expected = readInJavaScript(text, maxLineBytes);
      const actual = readInWebAssembly(text, maxLineBytes, copied);
      expect(actual.counts).toEqual(expected.counts);
      // The real usage lines are plain; the unusual and damaged ones mostly not.
      if (maxLineBytes > 1000) expect(actual.plainLines).toBeGreaterThanOrEqual(666);
      expect(actual.plainLines).toBeLessThan(actual.visited.length);
      expect(actual.visited.length).toBe(expected.visited.length);
      for (const [index, visit] of actual.visited.entries()) expect(visit).toEqual(expected.visited[index]);
    }
  });

  it("goes on past a chunk holding more records than its arena takes at once", () => {
    const text = Buffer.from('{"a":1}\n'.repeat(5000));
    for (const copied of [false, true]) {
      const { counts, visited } = readInWebAssembly(text, 1024, copied);
      expect(counts).toEqual({ linesRead: 5000, noUsage: 0, tooLong: 0, repeats: 0 });
      expect(visited).toHaveLength(5000);
      expect(visited[4999]).toEqual({ offset: 1000 + 4999 * 8, parsed: { skip: "no_usage" } });
    }
  });

  it("copies out one line's record, whether scanned or left to JSON.parse", () => {
    for (const text of [`{"timestamp":"2026-01-02T03:04:05Z","message":${message}}`, '{"broken":']) {
      const line = Buffer.from(`xx${text}yy`);
      const record = new RecordCollector();
      collectLineRecord(line, 2, line.length - 2, 77, record);
      const seen: unknown[] = [];
      const length = record.length;
      const buffer = record.take();
      visitRecords(new RecordBytes(buffer, 0, buffer.byteLength), 0, length, {
        plain: (plain) => seen.push([plain.offset, asImporterSees(fromMembers(plain.members()))]),
        other: (members, bytes, start, end, offset) => seen.push([offset, asImporterSees(members ? fromMembers(members) : parseClaudeLineJson(bytes, start, end))]),
      });
      expect(seen).toEqual([[77, reference(Buffer.from(text))]]);
    }
  });
});

describe("RecordCollector", () => {
  it("hands each file its own records while the next collector reuses the buffer", () => {
    const first = new RecordCollector();
    first.append(Uint8Array.of(1, 2, 3));
    const firstRecords = first.take();
    const second = new RecordCollector(); // takes over first's buffer
    second.append(new Uint8Array(200_000).fill(9)); // grows past it
    second.append(Uint8Array.of(4));
    const secondRecords = second.take();
    expect([...new Uint8Array(firstRecords)]).toEqual([1, 2, 3]);
    expect(secondRecords.byteLength).toBe(200_001);
    expect(new Uint8Array(secondRecords)[200_000]).toBe(4);
    // A collector is done once taken from: what it would still get does not reach the next one's buffer.
    first.append(Uint8Array.of(7));
    const third = new RecordCollector();
    third.append(Uint8Array.of(5));
    expect([...new Uint8Array(third.take())]).toEqual([5]);
  });
});
