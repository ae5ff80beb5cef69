import type { Random } from "./random.js";

type Schema = Record<string, unknown>;

const SAMPLE_STRINGS = ["Paris", "report", "summary", "main", "alpha", "tokenomy", "README.md", "42"];

function asSchema(value: unknown): Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}

function schemaType(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((candidate) => candidate !== "null") as string | undefined;
  if (typeof type === "string") return type;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return undefined;
}

function sampleNumber(schema: Schema, random: Random, integer: boolean): number {
  const minimum = typeof schema.minimum === "number" ? schema.minimum : 0;
  const maximum = typeof schema.maximum === "number" ? schema.maximum : minimum + 100;
  const value = minimum + random.next() * (maximum - minimum);
  return integer ? Math.max(Math.ceil(minimum), Math.min(Math.floor(maximum), Math.round(value))) : Math.round(value * 100) / 100;
}

function sampleString(schema: Schema, random: Random): string {
  if (schema.format === "date") return "2025-01-15";
  if (schema.format === "date-time") return "2025-01-15T09:30:00Z";
  if (schema.format === "email") return "user@example.com";
  if (schema.format === "uri") return "https://example.com/resource";
  let text = random.pick(SAMPLE_STRINGS);
  const minimumLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  while (text.length < minimumLength) text += "x";
  if (typeof schema.maxLength === "number") text = text.slice(0, schema.maxLength);
  return text;
}

/**
 * A deterministic value valid against a JSON schema's common keywords: `enum`, `const`, `type`,
 * `anyOf`/`oneOf`/`allOf` (first branch), objects with their `required` properties (optional ones
 * are left out, as a model often does), arrays of `minItems` (at least one) items, string formats.
 */
export function sampleFromSchema(schemaValue: unknown, random: Random, depth = 0): unknown {
  const schema = asSchema(schemaValue);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return random.pick(schema.enum);
  if ("const" in schema) return schema.const;
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && branches.length > 0) return sampleFromSchema(branches[0], random, depth + 1);
  }
  switch (schemaType(schema)) {
    case "string":
      return sampleString(schema, random);
    case "integer":
      return sampleNumber(schema, random, true);
    case "number":
      return sampleNumber(schema, random, false);
    case "boolean":
      return random.next() < 0.5;
    case "null":
      return null;
    case "array": {
      if (depth > 8) return [];
      const count = Math.max(1, typeof schema.minItems === "number" ? schema.minItems : 1);
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, random, depth + 1));
    }
    case "object": {
      const properties = asSchema(schema.properties);
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const result: Record<string, unknown> = {};
      if (depth > 8) return result;
      for (const name of required) result[name] = sampleFromSchema(properties[name], random, depth + 1);
      return result;
    }
    default:
      return sampleString(schema, random);
  }
}
