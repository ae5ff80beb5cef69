import { TokenomyError } from "../core/errors/index.js";
import { messageTokens, type ChatMessage, type TextTokenCounter } from "./message-tokens.js";

export interface FitResult {
  messages: ChatMessage[];
  promptTokens: number;
  /** Messages dropped from the oldest end. */
  dropped: number;
}

/**
 * Trims a hop's conversation to a token budget: system messages and the newest message always
 * stay; the oldest other turns go first. A tool result never stays without the assistant turn
 * that called it (the APIs reject an orphaned result), so a turn and its results go together.
 * Throws `prompt_too_large` when even the kept minimum does not fit.
 *
 * @example
 * const { messages } = fitMessages(history, 8_000);
 */
export function fitMessages(messages: readonly ChatMessage[], budgetTokens: number, count?: TextTokenCounter): FitResult {
  const sizes = messages.map((message) => messageTokens(message, count));
  let total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= budgetTokens) return { messages: [...messages], promptTokens: total, dropped: 0 };
  const keep = messages.map(() => true);
  const last = messages.length - 1;
  for (let index = 0; index < last && total > budgetTokens; index++) {
    if (messages[index]!.role === "system" || !keep[index]) continue;
    // Drop this turn and the tool results that answer it.
    let end = index;
    while (end + 1 < last && isToolResult(messages[end + 1]!)) end += 1;
    for (let position = index; position <= end; position++) {
      keep[position] = false;
      total -= sizes[position]!;
    }
  }
  // A kept conversation must not start with an orphaned tool result.
  for (let index = 0; index < last; index++) {
    if (!keep[index] || messages[index]!.role === "system") continue;
    if (!isToolResult(messages[index]!)) break;
    keep[index] = false;
    total -= sizes[index]!;
  }
  if (total > budgetTokens) {
    throw new TokenomyError("prompt_too_large", `the hop's context needs ${total} tokens even after trimming; its budget is ${budgetTokens}`, {
      details: { promptTokens: total, budgetTokens },
    });
  }
  const kept = messages.filter((_, index) => keep[index]);
  return { messages: kept, promptTokens: total, dropped: messages.length - kept.length };
}

function isToolResult(message: ChatMessage): boolean {
  if (message.role === "tool") return true;
  return message.role === "user" && Array.isArray(message.content) && (message.content as Record<string, unknown>[]).some((block) => block.type === "tool_result");
}
