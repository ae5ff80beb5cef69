import { describe, expect, it } from "vitest";
import { TokenomyError } from "../../core/errors/index.js";
import { compose } from "../../core/pipeline.js";
import { memoryCounterStore } from "../../stores/counters-memory/memory-counter-store.js";
import { recordFor, testContext } from "../shared/test-context.js";
import { rateLimit, type RateLimitOptions } from "./rate-limit-policy.js";

function setup(options: Omit<RateLimitOptions, "counters">, clock = { now: Date.now() }) {
  const counters = memoryCounterStore({ clock: () => clock.now });
  const run = compose([rateLimit({ counters, ...options })]);
  const call = (context = testContext(), output = 100) =>
    run(context, async () => {
      context.record = recordFor(context, { inputNoCache: context.promptTokens, output });
    }).then(
      () => "ok" as const,
      (error: unknown) => {
        if (!TokenomyError.isInstance(error)) throw error;
        return error;
      },
    );
  return { call, clock };
}

describe("rate-limit policy", () => {
  it("refuses past the requests per minute of a key with 429 and retry-after", async () => {
    const { call, clock } = setup({ perKey: { requestsPerMinute: 3 } });
    for (let index = 0; index < 3; index++) expect(await call()).toBe("ok");
    const context = testContext();
    const refused = await call(context);
    if (refused === "ok") throw new Error("expected a refusal");
    expect(refused.code).toBe("rate_limited");
    expect(refused.spec.status).toBe(429);
    expect(refused.headers).toEqual({ "retry-after": "20" });
    expect(context.events).toMatchObject([{ kind: "rate-limited", scope: "rpm:key:k1" }]);
    expect(await call(testContext({ identity: { keyId: "k2", tenantId: "t1" } }))).toBe("ok");
    clock.now += 20_000;
    expect(await call()).toBe("ok");
  });

  it("counts prompt tokens at admission and output tokens after the call", async () => {
    const { call, clock } = setup({ perTenant: { tokensPerMinute: 3_000 } });
    expect(await call(testContext({ promptTokens: 1_000 }), 900)).toBe("ok");
    // 1,900 used: another 1,000-token prompt fits (2,900), the next 200 do not.
    expect(await call(testContext({ promptTokens: 1_000 }), 0)).toBe("ok");
    const refused = await call(testContext({ promptTokens: 200 }));
    expect(refused !== "ok" && refused.details).toMatchObject({ scope: "tpm:tenant:t1" });
    clock.now += 2_000;
    expect(await call(testContext({ promptTokens: 200 }), 0)).toBe("ok");
  });

  it("applies model limits across tenants and honours per-key metadata", async () => {
    const { call } = setup({ perModel: { "*": { requestsPerMinute: 2 } }, perKey: { requestsPerMinute: 100 } });
    expect(await call(testContext({ identity: { keyId: "a", tenantId: "t1" } }))).toBe("ok");
    expect(await call(testContext({ identity: { keyId: "b", tenantId: "t2" } }))).toBe("ok");
    const refused = await call(testContext({ identity: { keyId: "c", tenantId: "t3" } }));
    expect(refused !== "ok" && refused.details).toMatchObject({ scope: "rpm:model:test-model" });
    const strict = setup({ perKey: { requestsPerMinute: 100 } });
    const identity = { keyId: "k9", tenantId: "t1", metadata: { requestsPerMinute: "1" } };
    expect(await strict.call(testContext({ identity }))).toBe("ok");
    expect(await strict.call(testContext({ identity }))).not.toBe("ok");
  });

  it("takes nothing from the key's or tenant's allowance when a model limit refuses", async () => {
    const { call } = setup({ perKey: { requestsPerMinute: 2, tokensPerMinute: 2_500 }, perTenant: { requestsPerMinute: 2 }, perModel: { "gpt-4o": { requestsPerMinute: 1 } } });
    expect(await call(testContext({ model: "gpt-4o" }), 0)).toBe("ok");
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused = await call(testContext({ model: "gpt-4o" }), 0);
      expect(refused !== "ok" && refused.details).toMatchObject({ scope: "rpm:model:gpt-4o" });
    }
    // The five refusals left the key one request and 1,500 prompt tokens, the tenant one request.
    expect(await call(testContext({ model: "gpt-4o-mini" }), 0)).toBe("ok");
    const keyFull = await call(testContext({ model: "gpt-4o-mini", promptTokens: 1 }), 0);
    expect(keyFull !== "ok" && keyFull.details).toMatchObject({ scope: "rpm:key:k1" });
  });

  it("says a prompt larger than the token limit can never pass", async () => {
    const { call } = setup({ perKey: { tokensPerMinute: 500 } });
    const refused = await call(testContext({ promptTokens: 501 }));
    expect(refused !== "ok" && refused.message).toContain("exceed the limit");
  });
});
