/**
 * Other spellings of a model name to try when the name as given matches nothing: provider
 * prefixes (`anthropic/claude-sonnet-4.5`, `openrouter/openai/gpt-5`, `@google/...`), Bedrock ids
 * (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`), Vertex ids (`claude-sonnet-4-5@20250929`),
 * dated ids (`gpt-4o-2024-08-06`, `-20250929`) and `-latest`.
 */
export interface NameVariant {
  name: string;
  /** `prefix` when a provider prefix was removed, `alias` for any other respelling. */
  kind: "prefix" | "alias";
  /** A provider named by the removed prefix, searched for this variant. */
  providerHint?: string;
  /** What was done, for `explain`. */
  steps: string[];
}

const bedrockVendors = "anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer|moonshot|moonshotai|google|nvidia|minimax|twelvelabs";
const bedrockPattern = new RegExp(`^(?:(?:us|eu|apac|au|jp|ca|us-gov|global|regional)\\.)?(${bedrockVendors})\\.(.+)$`);
const bedrockVersionSuffix = /-v\d+(?::\d+)?$/;
const slashPrefix = /^[~@]?([a-z0-9][a-z0-9_.-]*)\/(.+)$/;
const trailingDate = /^(.+?)-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;
const compactDate = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|@|$)/g;

/** True for names in Bedrock's `[region.]vendor.model[-vN:M]` form. */
export function looksLikeBedrock(lowerName: string): boolean {
  return bedrockPattern.test(lowerName);
}

/** genai-prices also tries `-20250929` written as `-2025-09-29`; so do we. */
export function withDashedDates(lowerName: string): string {
  return lowerName.replace(compactDate, "-$1-$2-$3");
}

function oneStep(variant: NameVariant): NameVariant[] {
  const { name } = variant;
  const next: NameVariant[] = [];
  const add = (newName: string, kind: NameVariant["kind"], step: string, providerHint?: string) => {
    if (newName && newName !== name) {
      next.push({
        name: newName,
        kind: variant.kind === "prefix" || kind === "prefix" ? "prefix" : "alias",
        ...((providerHint ?? variant.providerHint) ? { providerHint: providerHint ?? variant.providerHint } : {}),
        steps: [...variant.steps, step],
      });
    }
  };
  const slash = slashPrefix.exec(name);
  if (slash) add(slash[2] ?? "", "prefix", `removed provider prefix "${slash[1]}/"`, slash[1]);
  const bedrock = bedrockPattern.exec(name);
  if (bedrock) add((bedrock[2] ?? "").replace(bedrockVersionSuffix, ""), "prefix", `read as a Bedrock id of vendor "${bedrock[1]}"`, bedrock[1]);
  if (bedrockVersionSuffix.test(name)) add(name.replace(bedrockVersionSuffix, ""), "alias", "removed version suffix");
  const at = name.indexOf("@");
  if (at > 0) {
    add(`${name.slice(0, at)}-${name.slice(at + 1)}`, "alias", "read Vertex '@' as '-'");
    add(name.slice(0, at), "alias", "removed Vertex '@version'");
  }
  const dated = trailingDate.exec(name);
  if (dated) add(dated[1] ?? "", "alias", "removed date suffix");
  if (name.endsWith("-latest")) add(name.slice(0, -"-latest".length), "alias", "removed '-latest'");
  return next;
}

/**
 * Variants of an already lower-cased name, nearest first (breadth-first over the rewrites above,
 * at most three rewrites deep, no duplicates).
 *
 * @example
 * nameVariants("anthropic/claude-sonnet-4-5-20250929")[0] // { name: "claude-sonnet-4-5-20250929", kind: "prefix", providerHint: "anthropic", ... }
 */
export function nameVariants(lowerName: string): NameVariant[] {
  const seen = new Set([lowerName]);
  const result: NameVariant[] = [];
  let frontier: NameVariant[] = [{ name: lowerName, kind: "alias", steps: [] }];
  for (let depth = 0; depth < 3 && frontier.length > 0; depth += 1) {
    const nextFrontier: NameVariant[] = [];
    for (const variant of frontier) {
      for (const next of oneStep(variant)) {
        if (seen.has(next.name)) continue;
        seen.add(next.name);
        result.push(next);
        nextFrontier.push(next);
      }
    }
    frontier = nextFrontier;
  }
  return result;
}
