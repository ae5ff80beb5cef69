import type { EmulatedRequest } from "./emulated-request.js";
import { textOfTokens } from "./generated-text.js";
import { seededRandom, type Random } from "./random.js";
import { sampleFromSchema } from "./schema-arguments.js";
import { countTextTokens } from "./tokens.js";

export interface GeneratedToolCall {
  name: string;
  /** Arguments as a JSON text, valid against the tool's schema. */
  argumentsJson: string;
}

export interface GeneratedAnswer {
  /** Visible thinking text (Anthropic extended thinking); empty otherwise. */
  thinkingText: string;
  /** Reasoning or thinking tokens, all billed as output. */
  reasoningTokens: number;
  text: string;
  textTokens: number;
  toolCall: GeneratedToolCall | undefined;
  toolCallTokens: number;
  /** Every generated token: reasoning + text + tool call. */
  outputTokens: number;
  stop: "end" | "max_tokens" | "tool_use";
}

/** Reasoning tokens per OpenAI effort: a base plus up to the base again, seeded by the request. */
const REASONING_BASE_BY_EFFORT: Record<string, number> = { none: 0, minimal: 0, low: 64, medium: 192, high: 512, xhigh: 1024 };

/** Framing tokens a provider adds around a tool call (name, braces, call id). */
const TOOL_CALL_FRAMING_TOKENS = 7;

function reasoningWanted(request: EmulatedRequest, random: Random): number {
  const reasoning = request.reasoning;
  if (reasoning.kind === "none") return 0;
  if (reasoning.kind === "budget") {
    return Math.min(reasoning.budgetTokens, random.integer(48, Math.max(48, Math.floor(reasoning.budgetTokens / 4))));
  }
  const base = REASONING_BASE_BY_EFFORT[reasoning.effort] ?? REASONING_BASE_BY_EFFORT.medium!;
  return base === 0 ? 0 : base + random.integer(0, base);
}

function chooseTool(request: EmulatedRequest, random: Random): EmulatedRequest["tools"][number] | undefined {
  const { tools, toolChoice } = request;
  if (tools.length === 0 || toolChoice.kind === "none") return undefined;
  if (toolChoice.kind === "tool") return tools.find((tool) => tool.name === toolChoice.name) ?? tools[0];
  const forced = toolChoice.kind === "required";
  // After a tool result the emulated model answers in words, so agent loops end unless forced.
  if (!forced && (request.lastTurnIsToolResult || random.next() < 0.5)) return undefined;
  return random.pick(tools);
}

/**
 * The emulated model: a pure function of the request and the seed. It decides reasoning length,
 * whether to call a tool (and with which arguments), and the text, all within `maxOutputTokens`.
 *
 * @example
 * const answer = generateAnswer(request, 7);
 * answer.stop; // "end" | "max_tokens" | "tool_use"
 */
export function generateAnswer(request: EmulatedRequest, seed: number): GeneratedAnswer {
  // A pure function of these: identical requests (load tests) reuse the answer.
  const { provider, answerKey, forcedOutputTokens, maxOutputTokens, toolChoice, reasoning, lastTurnIsToolResult, tools } = request;
  const key = JSON.stringify([provider, answerKey, seed, forcedOutputTokens, maxOutputTokens, toolChoice, reasoning, lastTurnIsToolResult, tools.map((tool) => tool.name)]);
  const known = recentAnswers.get(key);
  if (known) return known;
  const answer = composeAnswer(request, seed);
  if (recentAnswers.size >= MEMO_ENTRIES) recentAnswers.clear();
  recentAnswers.set(key, answer);
  return answer;
}

const recentAnswers = new Map<string, GeneratedAnswer>();
const MEMO_ENTRIES = 2048;

function composeAnswer(request: EmulatedRequest, seed: number): GeneratedAnswer {
  const random = seededRandom(request.answerKey ^ seed);
  const limit = request.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const reasoningTokens = Math.min(reasoningWanted(request, random), limit);
  const thinkingText = request.reasoning.kind === "budget" ? textOfTokens(random, reasoningTokens).text : "";
  const answer: GeneratedAnswer = {
    thinkingText,
    reasoningTokens,
    text: "",
    textTokens: 0,
    toolCall: undefined,
    toolCallTokens: 0,
    outputTokens: reasoningTokens,
    stop: "end",
  };
  const remaining = limit - reasoningTokens;
  if (remaining <= 0 && Number.isFinite(limit)) return { ...answer, stop: "max_tokens" };

  const tool = chooseTool(request, random);
  if (tool) {
    const argumentsJson = JSON.stringify(sampleFromSchema(tool.schema, random));
    const toolCallTokens = countTextTokens(tool.name) + countTextTokens(argumentsJson) + TOOL_CALL_FRAMING_TOKENS;
    // Claude says a word before calling a tool; OpenAI models usually do not.
    const preamble = request.provider === "anthropic" ? `I'll use the ${tool.name} tool for this.` : "";
    const preambleTokens = countTextTokens(preamble);
    if (preambleTokens + toolCallTokens <= remaining) {
      return {
        ...answer,
        text: preamble,
        textTokens: preambleTokens,
        toolCall: { name: tool.name, argumentsJson },
        toolCallTokens,
        outputTokens: reasoningTokens + preambleTokens + toolCallTokens,
        stop: "tool_use",
      };
    }
  }

  const wanted = request.forcedOutputTokens ?? random.integer(12, 80);
  const granted = Math.min(wanted, remaining);
  const { text, tokens } = textOfTokens(random, granted);
  return {
    ...answer,
    text,
    textTokens: tokens,
    outputTokens: reasoningTokens + tokens,
    stop: wanted > granted ? "max_tokens" : "end",
  };
}
