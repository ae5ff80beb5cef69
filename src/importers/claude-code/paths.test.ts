import { describe, expect, it } from "vitest";
import { defaultProjectsDirectories, describeFile } from "./paths.js";

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
