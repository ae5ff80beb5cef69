import { inputTotal, type Usage } from "../../core/usage.js";
import type { StreamMeter } from "../../providers/response-facts.js";
import type { GatewayCallContext } from "../call-context.js";
import type { TextCounter } from "../fingerprints.js";

/** Tag naming the usage parts the gateway estimated (`input`, `output` or `input,output`). */
export const usageEstimatedTag = "usageEstimated";

/**
 * Usage for a call that ended before the provider's usage report (a cut stream, an error
 * mid-stream): the provider still bills the prompt and what it generated, so the parts it did not
 * report are estimated: the prompt with the request tokenizer (`context.promptTokens`, already
 * known when a policy read it), the output from the generated text actually forwarded. Reported
 * parts are kept. Answers the new usage and the estimated parts, or undefined when nothing was
 * missing.
 *
 * @example
 * estimateMissingUsage({}, meter, context, countTokens) // { usage: { inputNoCache: 41, output: 17 }, parts: "input,output" }
 */
export function estimateMissingUsage(
  usage: Usage,
  meter: StreamMeter | undefined,
  context: GatewayCallContext,
  countText: TextCounter,
): { usage: Usage; parts: string } | undefined {
  const parts: string[] = [];
  const estimated: Usage = { ...usage };
  if (inputTotal(usage) === undefined) {
    estimated.inputNoCache = context.promptTokens;
    parts.push("input");
  }
  if (meter && !meter.outputReported) {
    const model = context.model;
    const received = meter.receivedOutputTokens((text) => countText(text, model));
    // Anthropic's message_start carries a provisional output count; keep whichever is larger.
    estimated.output = Math.max(usage.output ?? 0, received);
    parts.push("output");
  }
  return parts.length === 0 ? undefined : { usage: estimated, parts: parts.join(",") };
}
