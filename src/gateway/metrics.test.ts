import { describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import { GatewayMetrics } from "./metrics.js";

function call(latencyMs: number, costPico: number): CallRecord {
  return { id: "r", timestamp: 0, source: "gateway", provider: "openai", model: "m", usage: { inputNoCache: 3, output: 2 }, latencyMs, status: "ok", costPico };
}

function line(text: string, prefix: string): string | undefined {
  return text.split("\n").find((candidate) => candidate.startsWith(prefix));
}

describe("gateway metrics", () => {
  it("renders cumulative histogram buckets", () => {
    const metrics = new GatewayMetrics();
    for (const latencyMs of [0.2, 0.5, 0.7, 3, 200_000]) metrics.observeCall(call(latencyMs, 1), 0.01);
    const text = metrics.render({ ledgerPending: 0, ledgerDropped: 0, inFlight: 0 });
    const bucket = (le: string) => line(text, `tokenomy_request_duration_seconds_bucket{provider="openai",model="m",le="${le}"}`)?.split(" ")[1];
    expect(bucket("0.0005")).toBe("2");
    expect(bucket("0.001")).toBe("3");
    expect(bucket("0.0025")).toBe("3");
    expect(bucket("0.005")).toBe("4");
    expect(bucket("120")).toBe("4");
    expect(bucket("+Inf")).toBe("5");
  });

  it("sums cost exactly past the range of a safe integer of picodollars", () => {
    const metrics = new GatewayMetrics();
    for (let index = 0; index < 3; index++) metrics.observeCall(call(1, 9_000_000_000_000_001), 0.01);
    const text = metrics.render({ ledgerPending: 0, ledgerDropped: 0, inFlight: 0 });
    expect(line(text, 'tokenomy_cost_usd_total{provider="openai",model="m"}')).toBe('tokenomy_cost_usd_total{provider="openai",model="m"} 27000.000000000003');
  });
});
