import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTPUT_TOKENS_HEADER } from "../../src/emulator/index.js";
import { startHarness, type Harness } from "../../src/gateway/test-harness.js";
import { openLedger } from "../../src/stores/registry.js";

const adminKey = "admin-secret-for-guard-tests";
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    adminKey,
    config: {
      policies: [
        { name: "rate-limit", options: { perModel: { "rate-limited-model": { requestsPerMinute: 2 }, "rate-limited-claude": { requestsPerMinute: 1 } } } },
        { name: "loop-guard" },
        { name: "budget" },
      ],
      models: [
        { match: "rate-limited-model", provider: "openai" },
        { match: "rate-limited-claude", provider: "anthropic" },
      ],
    },
  });
});
afterAll(() => harness.close());

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${harness.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const question = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "What is the capital of France?" }], max_tokens: 20 };
const fixedOutput = { headers: { [OUTPUT_TOKENS_HEADER]: "20" } };

describe("guard policies in the gateway", () => {
  it("creates a key with a budget, admits exactly what it covers, refuses the rest with 402 budget_exceeded", async () => {
    const probeKey = await admin("POST", "/admin/keys", { tenant: "probe" });
    const probe = new OpenAI({ apiKey: probeKey.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const raw = await probe.chat.completions.create(question, fixedOutput).withResponse();
    const costUsd = raw.response.headers.get("x-tokenomy-cost-usd");
    expect(costUsd).toMatch(/^\d+\.\d+$/);

    const created = await admin("POST", "/admin/keys", { tenant: "acme", user: "ana", budgets: [{ limitUsd: (Number(costUsd) * 5).toFixed(12), window: "total" }] });
    expect(created.status).toBe(201);
    expect(created.body.budgets).toMatchObject([{ scope: "key", scopeId: created.body.id, window: "total" }]);
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 2 });
    const before = harness.emulator.billed().totals.requests;
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => client.chat.completions.create(question, fixedOutput)));
    const admitted = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    expect(admitted).toBe(5);
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") continue;
      expect(outcome.reason).toBeInstanceOf(OpenAI.APIError);
      expect(outcome.reason.status).toBe(402);
      expect(outcome.reason.code).toBe("budget_exceeded");
      expect(outcome.reason.message).toContain(`key:${created.body.id}`);
    }
    // 402 is not retried by the SDK: the emulator saw only the admitted calls.
    expect(harness.emulator.billed().totals.requests - before).toBe(5);

    const budget = await admin("GET", `/admin/budgets/${created.body.budgets[0].id}`);
    expect(budget.body.usage).toMatchObject({ reservedPico: "0", openReservations: 0 });
    const records = (await harness.records()).filter((record) => record.keyId === created.body.id);
    expect(BigInt(budget.body.usage.spentPico)).toBe(records.reduce((sum, record) => sum + BigInt(record.costPico!), 0n));
    expect(BigInt(budget.body.usage.spentPico)).toBeLessThanOrEqual(BigInt(Math.round(Number(costUsd) * 5e12)));

    const ledger = await openLedger(harness.dbPath);
    try {
      const refused = (await ledger.events({ kind: "budget-exceeded" })).filter((event) => event.keyId === created.body.id);
      expect(refused).toHaveLength(15);
      expect(refused[0]).toMatchObject({ scope: `key:${created.body.id}`, tenantId: "acme" });
      expect((await ledger.events({ kind: "budget-settled" })).filter((event) => event.keyId === created.body.id)).toHaveLength(5);
    } finally {
      await ledger.close();
    }
  });

  it("refuses an Anthropic client in Anthropic's error shape, without retries", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "anthropic-shop", budgets: [{ limitUsd: "0.000001", window: "day" }] });
    const client = new Anthropic({ apiKey: created.body.key, baseURL: harness.gateway.url, maxRetries: 2 });
    const before = harness.emulator.billed().totals.requests;
    const error = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(402);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "billing_error", code: "budget_exceeded", details: { scope: `key:${created.body.id}`, window: "day" } } });
    expect(harness.emulator.billed().totals.requests).toBe(before);
  });

  it("sets and reads budgets of any scope, with their spend", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "globex" });
    const set = await admin("PUT", "/admin/budgets", { scope: "run", scopeId: "", window: "run", limitUsd: 1 });
    expect(set.body).toMatchObject({ id: "run:::run", limitUsd: "1.000000" });
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create(question, { headers: { ...fixedOutput.headers, "x-tokenomy-run-id": "run-77" } }).withResponse();
    const read = await admin("GET", "/admin/budgets/run:::run?tenant=globex&run=run-77");
    expect(read.body.usage.spentUsd).toBe(Number(answer.response.headers.get("x-tokenomy-cost-usd")).toFixed(6));
    expect((await admin("GET", "/admin/budgets?scope=run")).body.budgets).toHaveLength(1);
    expect((await admin("DELETE", "/admin/budgets/run:::run")).body).toEqual({ id: "run:::run", deleted: true });
    expect((await admin("PUT", "/admin/budgets", { scope: "agent", scopeId: "", window: "run", limitUsd: 1 })).status).toBe(400);
  });

  it("reconciles a budget's counter from the ledger after a crashed replica's reservation expired", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "hooli", budgets: [{ limitUsd: "50000", window: "month" }] });
    expect(created.body.budgets[0]).toMatchObject({ limitUsd: "50000.000000" });
    const budgetId = created.body.budgets[0].id as string;
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    for (let call = 0; call < 3; call++) await client.chat.completions.create(question, fixedOutput);
    // A replica that died mid-call: its reservation of $100 expires and is charged in full.
    const counters = harness.gateway.runtime.services.counters!;
    const line = { scope: `key:${created.body.id}`, window: "month" as const, limitPico: 50_000n * 10n ** 12n };
    const crashed = await counters.reserve({ partition: "hooli", lines: [line], amountPico: 100 * 10 ** 12, tokens: 1_000, ttlMs: 1, requestId: "crashed" });
    expect(crashed.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const charged = await admin("GET", `/admin/budgets/${budgetId}`);
    expect(charged.body.usage).toMatchObject({ openReservations: 0, remainingUsd: expect.stringMatching(/^49899\./) });
    const records = (await harness.records()).filter((record) => record.keyId === created.body.id);
    expect(records).toHaveLength(3);
    const ledgerPico = records.reduce((sum, record) => sum + BigInt(record.costPico!), 0n);
    const reconciled = await admin("POST", `/admin/budgets/${budgetId}/reconcile`, {});
    expect(reconciled.body).toMatchObject({ id: budgetId });
    expect(reconciled.status).toBe(200);
    expect(reconciled.body).toMatchObject({ scope: `key:${created.body.id}`, ledger: { calls: 3, spentPico: ledgerPico.toString() }, after: { spentPico: ledgerPico.toString() } });
    expect(BigInt(reconciled.body.before.spentPico)).toBe(ledgerPico + 100n * 10n ** 12n);
    expect((await admin("GET", `/admin/budgets/${budgetId}`)).body.usage.spentPico).toBe(ledgerPico.toString());
    expect((await admin("POST", "/admin/budgets/nope/reconcile", {})).status).toBe(404);
  });

  it("rate-limits a model with 429 and retry-after in the OpenAI shape", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "initech" });
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const call = () => client.chat.completions.create({ ...question, model: "rate-limited-model" }).catch((error: unknown) => error);
    await call();
    await call();
    const refused = (await call()) as InstanceType<typeof OpenAI.APIError>;
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused.code).toBe("rate_limited");
    expect(Number(refused.headers?.get("retry-after"))).toBeGreaterThanOrEqual(29);
  });

  it("rate-limits a model with 429 rate_limited and retry-after in the Anthropic shape", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "umbrella" });
    const client = new Anthropic({ apiKey: created.body.key, baseURL: harness.gateway.url, maxRetries: 0 });
    const call = () => client.messages.create({ model: "rate-limited-claude", max_tokens: 20, messages: [{ role: "user", content: "Hi" }] }).catch((error: unknown) => error);
    expect(await call()).toMatchObject({ type: "message" });
    const before = harness.emulator.billed().totals.requests;
    const refused = (await call()) as InstanceType<typeof Anthropic.APIError>;
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(refused.status).toBe(429);
    expect(refused.error).toMatchObject({ type: "error", error: { type: "rate_limit_error", code: "rate_limited", details: { scope: "rpm:model:rate-limited-claude", limit: 1 } } });
    expect(Number(refused.headers?.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(harness.emulator.billed().totals.requests).toBe(before);
  });

  it("stops a run that retries a failing tool, with loop_detected", async () => {
    const created = await admin("POST", "/admin/keys", { tenant: "umbrella" });
    const client = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "deploy" }];
    for (let attempt = 0; attempt < 3; attempt++) {
      messages.push({ role: "assistant", content: null, tool_calls: [{ id: `c${attempt}`, type: "function", function: { name: "deploy", arguments: "{}" } }] });
      messages.push({ role: "tool", tool_call_id: `c${attempt}`, content: "Error: permission denied" });
    }
    const error = await client.chat.completions.create({ model: "gpt-4o-mini", messages }, { headers: { "x-tokenomy-run-id": "loop-run" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("loop_detected");
  });
});

describe("loop guard replay cache in the gateway", () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startHarness({ config: { policies: [{ name: "loop-guard", options: { exactRepeat: { action: "cache" } } }] } });
  });
  afterAll(() => cached.close());

  it("serves the third identical request from the cache without calling upstream", async () => {
    const client = new OpenAI({ apiKey: "sk-client", baseURL: `${cached.gateway.url}/v1`, maxRetries: 0 });
    const ask = () => client.chat.completions.create(question, { headers: { ...fixedOutput.headers, "x-tokenomy-run-id": "repeat-run" } }).withResponse();
    await ask();
    const second = await ask();
    const before = cached.emulator.billed().totals.requests;
    const third = await ask();
    expect(cached.emulator.billed().totals.requests).toBe(before);
    expect(third.response.headers.get("x-tokenomy-loop")).toBe("exact-repeat; replayed");
    expect(third.data).toEqual(second.data);
  });
});

describe("the gateway's counter store", () => {
  it("is opened once from the config's counters key and refused when unknown", async () => {
    const { startGateway } = await import("../../src/gateway/index.js");
    const ledger = await openLedger(":memory:");
    try {
      const gateway = await startGateway({ port: 0, ledger, config: { counters: "memory", policies: [{ name: "rate-limit" }, { name: "budget" }] } });
      expect(gateway.config.counters).toBe("memory");
      expect(gateway.runtime.services.counters?.kind).toBe("memory");
      await gateway.close();
      await expect(startGateway({ port: 0, ledger, config: { counters: "memcached://127.0.0.1:11211" } })).rejects.toMatchObject({ code: "config_invalid" });
      await expect(startGateway({ port: 0, ledger, config: { counters: 1 } as never })).rejects.toMatchObject({ code: "config_invalid" });
    } finally {
      await ledger.close();
    }
  });
});
