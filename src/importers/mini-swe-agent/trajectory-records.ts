import { basename } from "node:path";
import type { CallRecord } from "../../core/call-record.js";
import type { ImportStats } from "../../core/importer.js";
import { priceUsage, type PriceBook } from "../../core/pricing.js";
import { readRecord } from "../../providers/read-usage-fields.js";
import { callUsage, reasoningOutsideCompletion } from "./call-usage.js";

export const MINI_SWE_AGENT_SOURCE = "mini-swe-agent";
const UNKNOWN_MODEL = "unknown";

/** Instance id of a trajectory: its `instance_id`, else the file name without `.traj.json`. */
export function trajectoryInstanceId(trajectory: Record<string, unknown>, file: string): string {
  const id = trajectory.instance_id;
  return typeof id === "string" && id !== "" ? id : basename(file).replace(/\.traj\.json$/i, "").replace(/\.json$/i, "");
}

/**
 * One record per assistant message of a mini-swe-agent trajectory (`messages[].extra.response`
 * holds the provider's response with its `usage`). Entries counted in `stats` are assistant
 * messages; one without usage is counted as `no_usage`.
 *
 * @example
 * for (const record of trajectoryRecords(JSON.parse(text), "x.traj.json", prices, stats)) use(record);
 */
export function* trajectoryRecords(trajectory: Record<string, unknown>, file: string, prices: PriceBook, stats: ImportStats): Generator<CallRecord> {
  const instanceId = trajectoryInstanceId(trajectory, file);
  const info = readRecord(trajectory.info);
  const config = readRecord(info?.config);
  const configuredModel = text(readRecord(config?.model)?.model_name);
  const gateway = text(config?.model_type)?.split(".").pop();
  const assistants = (Array.isArray(trajectory.messages) ? trajectory.messages : []).map(readRecord).filter((message) => message?.role === "assistant");
  const responses = assistants.map((message) => readRecord(readRecord(message?.extra)?.response));
  const reasoningOutside = reasoningOutsideCompletion(responses.map((response) => response?.usage ?? undefined));
  for (const [index, message] of assistants.entries()) {
    stats.linesRead++;
    const extra = readRecord(message?.extra);
    const response = responses[index];
    const rawUsage = response?.usage ?? message?.usage;
    if (!readRecord(rawUsage)) {
      stats.skip("no_usage");
      continue;
    }
    const seconds = typeof extra?.timestamp === "number" ? extra.timestamp : typeof response?.created === "number" ? response.created : undefined;
    if (seconds === undefined) {
      stats.skip("missing_timestamp");
      continue;
    }
    const { usage, reportedCostPico, costSource } = callUsage(rawUsage, extra?.cost, reasoningOutside);
    const model = text(response?.model) ?? configuredModel ?? UNKNOWN_MODEL;
    const provider = text(response?.provider)?.toLowerCase();
    const record: CallRecord = {
      id: `${MINI_SWE_AGENT_SOURCE}:${instanceId}:${index}`,
      timestamp: Math.round(seconds * 1000),
      source: MINI_SWE_AGENT_SOURCE,
      model,
      sessionId: instanceId,
      runId: instanceId,
      hopId: `${instanceId}#${index}`,
      agentKind: "main",
      usage,
      status: "ok",
      tags: {},
    };
    if (provider) record.provider = provider;
    const costPico = priceUsage(prices, model, provider, usage, record.timestamp);
    if (costPico !== undefined) record.costPico = costPico;
    if (reportedCostPico !== undefined) record.reportedCostPico = reportedCostPico;
    const responseId = text(response?.id);
    if (responseId) record.responseId = responseId;
    const choice = Array.isArray(response?.choices) ? readRecord(response.choices[0]) : undefined;
    const stopReason = text(choice?.finish_reason);
    if (stopReason) record.stopReason = stopReason;
    if (costSource) record.tags!.costSource = costSource;
    if (gateway) record.tags!.gateway = gateway;
    if (reasoningOutside) record.tags!.reasoningOutsideCompletion = "true";
    const exitStatus = text(info?.exit_status);
    if (exitStatus) record.tags!.exitStatus = exitStatus;
    stats.linesUsed++;
    yield record;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
