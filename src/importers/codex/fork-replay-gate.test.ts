import { describe, expect, it } from "vitest";
import { ForkReplayGate, uuidV7Milliseconds } from "./fork-replay-gate.js";

const FORK = Date.parse("2026-08-01T05:00:00.000Z");
const at = (iso: string) => Date.parse(iso);

describe("uuidV7Milliseconds", () => {
  it("reads the time of a UUIDv7 and nothing else", () => {
    expect(uuidV7Milliseconds("0199a433-3bc0-7a41-b3e2-c1f0d9a8b7c6")).toBe(Date.parse("2025-10-02T09:14:05.120Z"));
    expect(uuidV7Milliseconds("5f3c2a1e-8d7b-4c6a-9e0f-1a2b3c4d5e6f")).toBeUndefined();
    expect(uuidV7Milliseconds(undefined)).toBeUndefined();
  });
});

describe("ForkReplayGate", () => {
  it("replays nothing in a rollout that is no fork", () => {
    const gate = new ForkReplayGate(undefined);
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK })).toBe(false);
  });

  it("ends the copy at the first turn minted after the fork, even within the same second", () => {
    const gate = new ForkReplayGate(FORK);
    expect(gate.isReplay({ type: "turn_context", timestampMs: FORK + 2, turnId: "01985cfb-1800-7000-8000-000000000000" })).toBe(true);
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + 3 })).toBe(true);
    // A line far after the fork stays replay while turn ids mark the boundary.
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + 60_000 })).toBe(true);
    const ownTurn = `${(FORK + 300).toString(16).padStart(12, "0").replace(/^(.{8})(.{4})$/, "$1-$2")}-7000-8000-000000000000`;
    expect(gate.isReplay({ type: "turn_context", timestampMs: FORK + 300, turnId: ownTurn })).toBe(false);
    expect(gate.active).toBe(false);
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + 301 })).toBe(false);
  });

  it("treats copied lines that kept their original (earlier) times as replay", () => {
    const gate = new ForkReplayGate(FORK);
    expect(gate.isReplay({ type: "event_msg", timestampMs: at("2026-07-30T10:00:00Z") })).toBe(true);
    expect(gate.isReplay({ type: "event_msg", timestampMs: at("2026-07-31T18:00:00Z") })).toBe(true);
    expect(gate.isReplay({ type: "turn_context", timestampMs: FORK + 20_000 })).toBe(false);
  });

  it("follows a re-stamped burst across a second tick, then stops at the first pause", () => {
    const gate = new ForkReplayGate(at("2026-08-01T05:00:00.985Z"));
    for (const ms of [990, 999, 1_004, 1_020, 1_900]) expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + ms })).toBe(true);
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + 4_000 })).toBe(false);
    expect(gate.isReplay({ type: "event_msg", timestampMs: FORK + 4_001 })).toBe(false);
  });
});
