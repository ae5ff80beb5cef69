import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { AgentKind } from "../../core/call-record.js";

/** Where a Claude Code log file sits: project directory, parent session, and agent if a sub-agent wrote it. */
export interface ClaudeFileInfo {
  path: string;
  project: string;
  /** The parent session: sub-agent files roll up into the session whose directory holds them. */
  sessionId: string;
  agentId?: string;
  agentKind: AgentKind;
}

const AGENT_FILE = /^agent-(.+)\.jsonl$/;
const SESSION_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/;

/**
 * Whether a path has the layout only Claude Code writes: `<project>/<session uuid>.jsonl`, or
 * `<session uuid>/subagents/agent-<id>.jsonl`.
 *
 * @example
 * isTranscriptPath("/p/-home-me-app/4d5611e5-241a-462a-8d15-5122611a9569.jsonl") // true
 */
export function isTranscriptPath(path: string): boolean {
  const name = basename(path);
  if (SESSION_FILE.test(name)) return true;
  const parent = dirname(path);
  return AGENT_FILE.test(name) && basename(parent) === "subagents" && SESSION_FILE.test(`${basename(dirname(parent))}.jsonl`);
}

/**
 * Reads the layout `<project>/<session>.jsonl` and `<project>/<session>/subagents/agent-<id>.jsonl`.
 * `agent-acompact-*` files are automatic context compactions.
 *
 * @example
 * describeFile("/p/-home-me-app/abc/subagents/agent-a12.jsonl")
 * // { project: "-home-me-app", sessionId: "abc", agentId: "a12", agentKind: "subagent", ... }
 */
export function describeFile(path: string): ClaudeFileInfo {
  const name = basename(path);
  const parent = dirname(path);
  const agent = AGENT_FILE.exec(name);
  if (basename(parent) === "subagents") {
    const sessionDirectory = dirname(parent);
    const agentId = agent?.[1] ?? name.replace(/\.jsonl$/, "");
    return {
      path,
      project: basename(dirname(sessionDirectory)),
      sessionId: basename(sessionDirectory),
      agentId,
      agentKind: agentId.startsWith("acompact-") ? "compaction" : "subagent",
    };
  }
  return { path, project: basename(parent), sessionId: name.replace(/\.jsonl$/, ""), agentKind: "main" };
}

/**
 * Projects directories Claude Code writes to: every entry of `CLAUDE_CONFIG_DIR` (comma-separated,
 * each holding `projects/`), else `~/.config/claude/projects` and `~/.claude/projects`.
 */
export function defaultProjectsDirectories(environment: NodeJS.ProcessEnv = process.env): string[] {
  const configured = environment.CLAUDE_CONFIG_DIR?.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (configured && configured.length > 0) return configured.map((directory) => join(directory, "projects"));
  const home = homedir();
  return [join(home, ".config", "claude", "projects"), join(home, ".claude", "projects")];
}
