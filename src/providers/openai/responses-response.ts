import { emptyFacts, stringOrUndefined, textOf, type ResponseFacts } from "../response-facts.js";
import { fromOpenAIResponsesUsage } from "./convert-responses-usage.js";

/** Facts of a whole Responses API answer (also the `response` inside `response.completed`). */
export function readResponsesResponse(body: unknown): ResponseFacts {
  const facts = emptyFacts();
  if (body && typeof body === "object") readResponseInto(facts, body as Record<string, unknown>);
  return facts;
}

export function readResponseInto(facts: ResponseFacts, response: Record<string, unknown>): void {
  facts.responseId ??= stringOrUndefined(response.id);
  facts.servedModel ??= stringOrUndefined(response.model);
  if (response.usage && typeof response.usage === "object") {
    facts.usage = fromOpenAIResponsesUsage(response.usage);
    facts.usageReported = true;
  }
  const incomplete = (response.incomplete_details as Record<string, unknown> | undefined)?.reason;
  const status = stringOrUndefined(incomplete) ?? stringOrUndefined(response.status);
  if (status !== undefined) facts.stopReason = status;
  if (!Array.isArray(response.output)) return;
  const names: string[] = [];
  for (const item of response.output as Record<string, unknown>[]) {
    if (item?.type === "function_call" && typeof item.name === "string") names.push(item.name);
  }
  if (names.length > 0) facts.toolNames = names;
}

/** `instructions` plus system and developer input items, for fingerprints. */
export function responsesSystemText(body: Record<string, unknown>): string | undefined {
  let text = typeof body.instructions === "string" ? body.instructions : undefined;
  if (!Array.isArray(body.input)) return text;
  for (const item of body.input as Record<string, unknown>[]) {
    if (item?.role !== "system" && item?.role !== "developer") continue;
    text = (text === undefined ? "" : text + "\n") + (textOf(item.content) ?? "");
  }
  return text;
}
