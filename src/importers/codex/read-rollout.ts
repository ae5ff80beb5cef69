import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext } from "../../core/importer.js";
import { readRecord } from "../../providers/read-usage-fields.js";
import { readLines } from "../shared/line-reader.js";
import { priceUsage } from "../../core/pricing.js";
import { ForkReplayGate } from "./fork-replay-gate.js";
import { parseTimestamp, readRolloutSession, sessionIdFromFileName, text, type RolloutSession } from "./rollout-session.js";
import { CumulativeTurnUsage, cumulativeSignature } from "./turn-usage.js";

const USEFUL_LINES = ['"session_meta"', '"turn_context"', '"token_count"'];
/** Model recorded when a rollout never names one: its calls stay unpriced rather than guessed. */
export const UNKNOWN_MODEL = "unknown";

/**
 * Streams the priced calls of one Codex rollout file: one record per `token_count` event that
 * reports new usage, attributed to the model of the latest `turn_context`. Lines that carry no
 * usage are counted under `no_usage`; history copied into a fork under `fork_replay`; an event
 * already counted from another file of the same session (`seen`, shared across files) under
 * `duplicate`.
 */
export async function* readRollout(file: string, context: ImportContext, seen: Set<string>): AsyncGenerator<CallRecord> {
  const { stats } = context;
  let session: RolloutSession | undefined;
  let gate = new ForkReplayGate(undefined);
  const turns = new CumulativeTurnUsage();
  let model: string | undefined;
  let turnId: string | undefined;
  let cwd: string | undefined;
  let lastTimestampMs: number | undefined;

  const lines = readLines(file, {
    stats,
    prefilter: { needles: USEFUL_LINES, reason: "no_usage" },
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  });
  for await (const line of lines) {
    let entry: Record<string, unknown> | undefined;
    try {
      entry = readRecord(JSON.parse(line.text));
    } catch {
      stats.skip("invalid_json");
      continue;
    }
    const type = text(entry?.type);
    const payload = readRecord(entry?.payload);
    if (!entry || !type || !payload) {
      stats.skip("invalid_entry");
      continue;
    }
    const timestampMs = parseTimestamp(entry.timestamp);
    if (type === "session_meta" && !session) {
      session = readRolloutSession(payload, timestampMs, file);
      gate = new ForkReplayGate(session.forkInstantMs);
      cwd = session.cwd;
      stats.linesUsed++;
      continue;
    }
    const turnIdHere = type === "turn_context" ? text(payload.turn_id) : undefined;
    // A turn context sets the model even when copied: a fork's first own turn, written right
    // after the copy, can be mistaken for part of it in logs without turn ids.
    if (type === "turn_context") {
      model = text(payload.model) ?? model;
      turnId = turnIdHere ?? turnId;
      cwd = text(payload.cwd) ?? cwd;
    }
    if (gate.isReplay({ type, ...(timestampMs !== undefined ? { timestampMs } : {}), ...(turnIdHere ? { turnId: turnIdHere } : {}) })) {
      if (type === "event_msg" && payload.type === "token_count") turns.remember(payload.info);
      stats.skip("fork_replay");
      continue;
    }
    if (timestampMs !== undefined) lastTimestampMs = timestampMs;
    if (type === "session_meta" || type === "turn_context") {
      stats.linesUsed++;
      continue;
    }
    if (type !== "event_msg" || payload.type !== "token_count") {
      stats.skip("no_usage");
      continue;
    }
    const turn = turns.next(payload.info);
    if ("skip" in turn) {
      stats.skip(turn.skip);
      continue;
    }
    if (lastTimestampMs === undefined) {
      stats.skip("missing_timestamp");
      continue;
    }
    session ??= { id: sessionIdFromFileName(file) };
    const signature = cumulativeSignature(payload.info);
    const identity = `${session.id}|${signature ?? `@${line.offset}`}`;
    if (seen.has(identity)) {
      stats.skip("duplicate");
      continue;
    }
    seen.add(identity);
    const modelName = model ?? text(readRecord(payload.info)?.model) ?? UNKNOWN_MODEL;
    const costPico = priceUsage(context.prices, modelName, session.provider, turn.usage, lastTimestampMs);
    const record: CallRecord = {
      id: `codex:${session.id}:${line.offset}`,
      timestamp: lastTimestampMs,
      source: "codex",
      model: modelName,
      sessionId: session.parentThreadId ?? session.id,
      agentKind: session.parentThreadId ? "subagent" : "main",
      usage: turn.usage,
      status: "ok",
      tags: { usageBasis: turn.basis },
    };
    if (costPico !== undefined) record.costPico = costPico;
    if (session.provider) record.provider = session.provider;
    if (session.parentThreadId) record.agentId = session.id;
    if (session.agentRole) record.agentName = session.agentRole;
    if (turnId) record.hopId = turnId;
    if (cwd) record.project = cwd;
    if (session.forkedFromId) record.tags!.forkedFrom = session.forkedFromId;
    stats.linesUsed++;
    yield record;
  }
}
