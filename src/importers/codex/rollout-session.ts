import { basename } from "node:path";
import { readRecord } from "../../providers/read-usage-fields.js";
import { uuidV7Milliseconds } from "./fork-replay-gate.js";

/** What a rollout's own `session_meta` says about the session. */
export interface RolloutSession {
  id: string;
  /** Thread that spawned this one when it is a sub-agent (`source.subagent.thread_spawn`). */
  parentThreadId?: string;
  agentRole?: string;
  /** Session this one was forked from (`forked_from_id`). */
  forkedFromId?: string;
  provider?: string;
  cwd?: string;
  /** When the fork or spawn was created: where copied history ends. Only set for forks and spawns. */
  forkInstantMs?: number;
}

/** Reads the first `session_meta` payload of a rollout. */
export function readRolloutSession(payload: unknown, lineTimestampMs: number | undefined, file: string): RolloutSession {
  const meta = readRecord(payload) ?? {};
  const id = text(meta.id) ?? text(meta.session_id) ?? sessionIdFromFileName(file);
  const spawn = readRecord(readRecord(readRecord(meta.source)?.subagent)?.thread_spawn);
  const parentThreadId = text(spawn?.parent_thread_id) ?? text(meta.parent_thread_id);
  const forkedFromId = text(meta.forked_from_id);
  const session: RolloutSession = { id };
  if (parentThreadId && parentThreadId !== id) session.parentThreadId = parentThreadId;
  const agentRole = text(spawn?.agent_role) ?? text(spawn?.agent_nickname);
  if (agentRole) session.agentRole = agentRole;
  if (forkedFromId) session.forkedFromId = forkedFromId;
  const provider = text(meta.model_provider);
  if (provider) session.provider = provider;
  const cwd = text(meta.cwd);
  if (cwd) session.cwd = cwd;
  if (session.parentThreadId || session.forkedFromId) {
    const created = uuidV7Milliseconds(id) ?? parseTimestamp(meta.timestamp) ?? lineTimestampMs;
    if (created !== undefined) session.forkInstantMs = created;
  }
  return session;
}

/** The session id a legacy rollout without `session_meta` carries in its name (`rollout-<time>-<uuid>.jsonl`). */
export function sessionIdFromFileName(file: string): string {
  const name = basename(file).replace(/\.jsonl$/i, "");
  const uuid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(name);
  return uuid ? uuid[1]! : name;
}

export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
