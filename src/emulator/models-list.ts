/** Models `GET /v1/models` lists. The emulator serves any model name; these are only advertised. */
export const LISTED_MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-5",
  "gpt-5-mini",
  "o3",
  "o4-mini",
  "claude-opus-4-5",
  "claude-sonnet-4-5",
  "claude-sonnet-4-6",
  "claude-haiku-4-5",
] as const;

const CREATED_SECONDS = 1_735_689_600;

export function openAiModelsList() {
  return { object: "list", data: LISTED_MODELS.map((id) => ({ id, object: "model", created: CREATED_SECONDS, owned_by: id.startsWith("claude") ? "anthropic" : "openai" })) };
}

export function anthropicModelsList() {
  const data = LISTED_MODELS.filter((id) => id.startsWith("claude")).map((id) => ({
    type: "model",
    id,
    display_name: id.replace(/-/g, " "),
    created_at: new Date(CREATED_SECONDS * 1000).toISOString(),
  }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
