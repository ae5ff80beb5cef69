import type { ToolChoice, ToolSpec } from "../emulated-request.js";
import { InvalidRequest, isRecord } from "../invalid-request.js";

/**
 * Function tools of either OpenAI API: chat completions nest them (`{type, function: {name,
 * parameters}}`), the Responses API flattens them (`{type, name, parameters}`). Built-in tools
 * (web search, file search) are counted in the prompt but never called.
 */
export function openAiFunctionTools(tools: unknown): ToolSpec[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw new InvalidRequest("Invalid 'tools': expected an array.", "tools");
  const specs: ToolSpec[] = [];
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    const definition = isRecord(tool.function) ? tool.function : tool;
    if ((tool.type === "function" || tool.type === undefined) && typeof definition.name === "string") {
      specs.push({ name: definition.name, schema: definition.parameters });
    }
  }
  return specs;
}

export function openAiToolChoice(choice: unknown): ToolChoice {
  if (choice === "none") return { kind: "none" };
  if (choice === "required") return { kind: "required" };
  if (isRecord(choice)) {
    const name = isRecord(choice.function) ? choice.function.name : choice.name;
    if (typeof name === "string") return { kind: "tool", name };
  }
  return { kind: "auto" };
}
