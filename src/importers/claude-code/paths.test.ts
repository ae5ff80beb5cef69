import { describe, expect, it } from "vitest";
import { defaultProjectsDirectories, describeFile, isTranscriptPath } from "./paths.js";

describe("describeFile", () => {
  it("reads project, parent session and agent from the layout", () => {
    expect(describeFile("/x/projects/-home-me-app/s1.jsonl")).toEqual({ path: "/x/projects/-home-me-app/s1.jsonl", project: "-home-me-app", sessionId: "s1", agentKind: "main" });
    expect(describeFile("/x/projects/-p/s1/subagents/agent-a12.jsonl")).toMatchObject({ project: "-p", sessionId: "s1", agentId: "a12", agentKind: "subagent" });
    expect(describeFile("/x/projects/-p/s1/subagents/agent-acompact-9f.jsonl")).toMatchObject({ sessionId: "s1", agentId: "acompact-9f", agentKind: "compaction" });
  });
});

describe("defaultProjectsDirectories", () => {
  it("uses every CLAUDE_CONFIG_DIR entry, else the two home locations", () => {
    expect(defaultProjectsDirectories({ CLAUDE_CONFIG_DIR: "/a, /b" })).toEqual(["/a/projects", "/b/projects"]);
    const defaults = defaultProjectsDirectories({});
    expect(defaults).toHaveLength(2);
    expect(defaults[0]).toMatch(/\.config\/claude\/projects$/);
    expect(defaults[1]).toMatch(/\.claude\/projects$/);
  });
});

describe("isTranscriptPath", () => {
  const session = "4d5611e5-241a-462a-8d15-5122611a9569";
  it("knows Claude Code's own layout, sessions and their sub-agents", () => {
    expect(isTranscriptPath(`/x/projects/-home-me-app/${session}.jsonl`)).toBe(true);
    expect(isTranscriptPath(`/x/projects/-home-me-app/${session}/subagents/agent-a2898e3.jsonl`)).toBe(true);
  });
  it("leaves every other name to be looked into", () => {
    expect(isTranscriptPath("/x/projects/-home-me-app/s1.jsonl")).toBe(false);
    expect(isTranscriptPath(`/x/sessions/rollout-2026-02-12T16-02-27-${session}.jsonl`)).toBe(false);
    expect(isTranscriptPath(`/x/other/agent-a1.jsonl`)).toBe(false);
    expect(isTranscriptPath(`/x/s1/subagents/agent-a1.jsonl`)).toBe(false);
    expect(isTranscriptPath(`/x/${session.toUpperCase()}.jsonl`)).toBe(false);
  });
});
