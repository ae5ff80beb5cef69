import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./test-harness.js";

const adminKey = "admin-secret-for-tests";
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ adminKey });
});
afterAll(() => harness.close());

async function admin(method: string, path: string, body?: unknown, key = adminKey) {
  const response = await fetch(`${harness.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("virtual keys, admin API and metrics", () => {
  it("refuses the admin API without the admin key", async () => {
    expect((await admin("GET", "/admin/keys", undefined, "wrong")).body.error.code).toBe("invalid_key");
    expect((await fetch(`${harness.gateway.url}/admin/keys`)).status).toBe(401);
  });

  it("refuses calls with a missing or unknown key once keys are enforced", async () => {
    const anonymous = new OpenAI({ apiKey: "not-a-virtual-key", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const error = await anonymous.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.code).toBe("invalid_key");
    const missing = await fetch(`${harness.gateway.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error).toMatchObject({ type: "authentication_error", code: "missing_key" });
  });

  it("creates a key shown once, attributes calls to its tenant and user, lists it, revokes it", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "acme", user: "ana", metadata: { team: "search" } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^tk-/);
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
      { headers: { "x-tokenomy-run-id": "run-1", "x-tokenomy-agent": "planner", "x-tokenomy-parent-hop-id": "hop-0", "x-tokenomy-value-usd": "0.5" } },
    );
    const [record] = (await harness.records()).slice(-1);
    expect(record).toMatchObject({
      tenantId: "acme",
      userId: "ana",
      keyId: created.body.id,
      runId: "run-1",
      agentName: "planner",
      parentHopId: "hop-0",
      agentKind: "subagent",
      tags: { team: "search" },
    });
    expect(record!.decision?.vector).toEqual({ valueUsd: 0.5 });

    const listed = await admin("GET", "/admin/keys?tenant=acme");
    expect(listed.body.keys).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const spend = await admin("GET", "/admin/spend?by=tenant&since=1h");
    expect(spend.body.rows.find((row: any) => row.key === "acme").totals.calls).toBe(1);

    expect((await admin("DELETE", `/admin/keys/${created.body.id}`)).body).toEqual({ id: created.body.id, revoked: true });
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((caught) => caught);
    expect(error.code).toBe("revoked_key");
  });

  it("validates admin bodies strictly", async () => {
    const answer = await admin("POST", "/admin/keys", { tenant: "t", colour: "blue" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/colour/);
  });

  it("serves health and Prometheus metrics", async () => {
    expect(((await (await fetch(`${harness.gateway.url}/healthz`)).json()) as any).status).toBe("ok");
    const text = await (await fetch(`${harness.gateway.url}/metrics`)).text();
    expect(text).toMatch(/tokenomy_requests_total\{provider="openai",model="gpt-4o-mini",status="ok"\} \d+/);
    expect(text).toMatch(/tokenomy_tokens_total\{provider="openai",model="gpt-4o-mini",kind="output"\} \d+/);
    expect(text).toMatch(/tokenomy_gateway_overhead_seconds_bucket\{provider="openai",le="0.001"\} \d+/);
    expect(text).toMatch(/tokenomy_gateway_errors_total\{code="invalid_key"\} \d+/);
  });
});
