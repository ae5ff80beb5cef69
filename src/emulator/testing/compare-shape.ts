type Kind = "null" | "array" | "object" | "string" | "number" | "boolean" | "undefined";

function kindOf(value: unknown): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as Kind;
}

export interface ShapeOptions {
  /** Paths (`usage.cache_creation`, `content[].input`) whose extra keys in the actual payload are expected. */
  allowExtra?: readonly string[];
  /** Paths present in the recorded payload that the emulator leaves out on purpose. */
  allowMissing?: readonly string[];
  /** Paths compared by type only (tool inputs depend on the tool's schema). */
  opaque?: readonly string[];
}

/**
 * Differences in shape between a recorded payload and an emulated one: keys and value types,
 * recursively; never values. `null` on either side matches any type, because the APIs document
 * those fields as "X or null". Array elements are matched by their `type` field when they have one.
 */
export function shapeDifferences(expected: unknown, actual: unknown, options: ShapeOptions = {}, path = ""): string[] {
  const expectedKind = kindOf(expected);
  const actualKind = kindOf(actual);
  if (expectedKind === "null" || actualKind === "null") return [];
  if (expectedKind !== actualKind) return [`${path || "(root)"}: expected ${expectedKind}, got ${actualKind}`];
  if (options.opaque?.includes(path)) return [];
  if (expectedKind === "array") {
    const expectedItems = expected as unknown[];
    const actualItems = actual as unknown[];
    const differences: string[] = [];
    expectedItems.forEach((item, index) => {
      const type = kindOf(item) === "object" ? (item as Record<string, unknown>).type : undefined;
      const match = type !== undefined ? actualItems.find((candidate) => kindOf(candidate) === "object" && (candidate as Record<string, unknown>).type === type) : (actualItems[index] ?? actualItems[0]);
      if (match === undefined) differences.push(`${path}[]: no element${type === undefined ? "" : ` of type ${String(type)}`}`);
      else differences.push(...shapeDifferences(item, match, options, `${path}[]`));
    });
    return differences;
  }
  if (expectedKind !== "object") return [];
  const expectedObject = expected as Record<string, unknown>;
  const actualObject = actual as Record<string, unknown>;
  const differences: string[] = [];
  for (const key of Object.keys(expectedObject)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!(key in actualObject)) {
      if (!options.allowMissing?.includes(childPath)) differences.push(`${childPath}: missing`);
      continue;
    }
    differences.push(...shapeDifferences(expectedObject[key], actualObject[key], options, childPath));
  }
  for (const key of Object.keys(actualObject)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!(key in expectedObject) && !options.allowExtra?.includes(childPath)) differences.push(`${childPath}: not in the recorded payload`);
  }
  return differences;
}
