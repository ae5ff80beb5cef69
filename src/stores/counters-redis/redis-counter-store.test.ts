import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_URL, serverAvailable } from "../../testing/servers.js";
import { counterStoreContract } from "../counters-contract.js";
import { redisCounterStore } from "./redis-counter-store.js";

const available = await serverAvailable("redis");
const keyPrefix = `tokenomy-test:${process.pid}-${Date.now()}:`;

describe.skipIf(!available)("redis counter store", () => {
  const admin = available ? new Redis(REDIS_URL) : undefined;
  afterAll(async () => {
    if (!admin) return;
    let cursor = "0";
    do {
      const [next, keys] = await admin.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    expect(await admin.keys(`${keyPrefix}*`)).toEqual([]);
    await admin.quit();
  });

  counterStoreContract("redis", { open: async (clock) => redisCounterStore({ url: REDIS_URL, keyPrefix, clock: clock.now }) });

  it("keeps every key of a partition on one cluster slot (hash tag)", async () => {
    const store = redisCounterStore({ url: REDIS_URL, keyPrefix });
    const reserved = await store.reserve({ partition: "t{x}", lines: [{ scope: "key:k1", window: "day", limitPico: 10_000n }, { scope: "run:r1", window: "run" }], amountPico: 1, tokens: 1, ttlMs: 1_000, requestId: "r" });
    if (!reserved.ok) throw new Error("expected admission");
    const keys = await admin!.keys(`${keyPrefix}*t%7Bx%7D*`);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    const slots = new Set(await Promise.all(keys.map((key) => admin!.call("CLUSTER", "KEYSLOT", key).catch(() => key.match(/\{[^}]*\}/)?.[0]))));
    expect(slots.size).toBe(1);
    await store.release(reserved.reservation);
    await store.close();
  });
});
