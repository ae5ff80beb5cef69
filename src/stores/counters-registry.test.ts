import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { REDIS_URL, serverAvailable } from "../testing/servers.js";
import { counterSchemeOf, openCounters } from "./counters-registry.js";

const redisUp = await serverAvailable("redis");

describe("counter store registry", () => {
  it("maps --counters targets to stores by scheme and refuses the rest", async () => {
    expect(counterSchemeOf("memory")).toBe("memory");
    expect(counterSchemeOf("redis://127.0.0.1:6379")).toBe("redis");
    expect(counterSchemeOf("rediss://cache.internal:6380?prefix=a:")).toBe("rediss");
    expect(() => counterSchemeOf("memcached://h:11211")).toThrow(/counters must be "memory" or redis/);
    expect(() => counterSchemeOf("./counters.db")).toThrow(/counters must be/);
    const memory = await openCounters();
    expect(memory.kind).toBe("memory");
    await memory.close();
  });

  it.skipIf(!redisUp)("opens Redis with the key prefix the target names", async () => {
    const prefix = `tokenomy-registry-test:${process.pid}-${Date.now()}:`;
    const counters = await openCounters(`${REDIS_URL}?prefix=${encodeURIComponent(prefix)}`);
    const admin = new Redis(REDIS_URL);
    try {
      expect(counters.kind).toBe("redis");
      await counters.remember("t1", "probe", "value", 10_000);
      expect(await admin.keys(`${prefix}*`)).toEqual([`${prefix}{t1}:kv:probe`]);
    } finally {
      await admin.del(...(await admin.keys(`${prefix}*`)));
      await admin.quit();
      await counters.close();
    }
  });
});
