import { basename } from "node:path";
import type { CallRecord } from "../../core/call-record.js";
import { usdToPico } from "../../core/money.js";
import { priceUsage, type PriceBook } from "../../core/pricing.js";
import type { Usage } from "../../core/usage.js";
import { fromOpenAIChatUsage } from "../../providers/openai/convert-chat-usage.js";
import { readCount, readRecord } from "../../providers/read-usage-fields.js";

export const SWE_AGENT_SOURCE = "swe-agent";
const UNKNOWN_MODEL = "unknown";

export type TrajectoryRecords = { records: CallRecord[] } | { skip: string };

/**
 * Records of a SWE-agent `.traj` file. SWE-agent keeps per-instance totals only
 * (`info.model_stats`: `tokens_sent`, `tokens_received`, `instance_cost`, `api_calls`; for a retry
 * agent, the total over attempts and reviewer), so a trajectory is one record covering its
 * `api_calls` calls (tag `calls`). Steps that carry their own usage (`extra_info.usage`, OpenAI
 * chat shape) become one record each instead, when every step has one. The file holds no
 * timestamps: `fileTimeMs` (the file's modification time) stands for the end of the run.
 * `tokens_sent` does not say how much was read from a prompt cache: it is counted as uncached
 * input, so the catalog cost is an upper bound where caching was on.
 *
 * @example
 * const result = trajectoryRecords(JSON.parse(text), "x.traj", Date.now(), prices);
 */
export function trajectoryRecords(trajectory: Record<string, unknown>, file: string, fileTimeMs: number, prices: PriceBook): TrajectoryRecords {
  const info = readRecord(trajectory.info);
  const stats = readRecord(info?.model_stats);
  const replay = readReplayConfig(trajectory.replay_config);
  const instanceId = text(readRecord(replay?.problem_statement)?.id) ?? basename(file).replace(/\.traj$/i, "");
  const model = modelName(replay) ?? UNKNOWN_MODEL;
  const base = { source: SWE_AGENT_SOURCE, model, sessionId: instanceId, runId: instanceId, agentKind: "main" as const, status: "ok" as const, timestamp: fileTimeMs };
  const exitStatus = text(info?.exit_status);
  const tags = (extra: Record<string, string>) => (exitStatus ? { ...extra, exitStatus } : extra);

  const steps = Array.isArray(trajectory.trajectory) ? trajectory.trajectory.map(readRecord) : [];
  const stepUsages = steps.map((step) => readRecord(readRecord(step?.extra_info)?.usage));
  if (steps.length > 0 && stepUsages.every((usage) => usage !== undefined)) {
    const records = stepUsages.map((raw, index): CallRecord => {
      const usage = fromOpenAIChatUsage(raw);
      return priced({ ...base, id: `${SWE_AGENT_SOURCE}:${instanceId}:${index}`, hopId: `${instanceId}#${index}`, usage, tags: tags({ granularity: "step" }) }, prices);
    });
    return { records };
  }

  const sent = readCount(stats?.tokens_sent);
  const received = readCount(stats?.tokens_received);
  if (sent === undefined && received === undefined) return { skip: "no_usage" };
  const usage: Usage = {};
  if (sent !== undefined) usage.inputNoCache = sent;
  if (received !== undefined) usage.output = received;
  const calls = readCount(stats?.api_calls);
  const record = priced({ ...base, id: `${SWE_AGENT_SOURCE}:${instanceId}`, usage, tags: tags({ granularity: "trajectory", ...(calls !== undefined ? { calls: String(calls) } : {}) }) }, prices);
  const cost = stats?.instance_cost;
  if (typeof cost === "number" && Number.isFinite(cost) && cost >= 0) record.reportedCostPico = Number(usdToPico(cost));
  return { records: [record] };
}

function priced(record: CallRecord, prices: PriceBook): CallRecord {
  const costPico = priceUsage(prices, record.model, undefined, record.usage, record.timestamp);
  return costPico === undefined ? record : { ...record, costPico };
}

/** `replay_config` is the run's config serialized as a JSON string (an object in some versions). */
function readReplayConfig(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "string") return readRecord(value);
  try {
    return readRecord(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** The agent's model, or the first attempt's model for a retry agent. */
function modelName(replay: Record<string, unknown> | undefined): string | undefined {
  const agent = readRecord(replay?.agent);
  const direct = text(readRecord(agent?.model)?.name);
  if (direct) return direct;
  const attempts = agent?.agent_configs;
  return Array.isArray(attempts) ? text(readRecord(readRecord(attempts[0])?.model)?.name) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
