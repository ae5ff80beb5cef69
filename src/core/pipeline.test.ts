import { describe, expect, it } from "vitest";
import { compose, definePolicy } from "./pipeline.js";

describe("compose", () => {
  it("runs policies outermost first around the terminal step", async () => {
    const trace: string[] = [];
    const wrap = (name: string) =>
      definePolicy<string[]>(name, async (context, next) => {
        context.push(`${name}:before`);
        await next();
        context.push(`${name}:after`);
      });
    await compose([wrap("a"), wrap("b")])(trace, async () => {
      trace.push("upstream");
    });
    expect(trace).toEqual(["a:before", "b:before", "upstream", "b:after", "a:after"]);
  });

  it("lets a policy answer without calling next", async () => {
    let upstreamCalled = false;
    const refuse = definePolicy<object>("refuse", async () => {});
    await compose([refuse])({}, async () => {
      upstreamCalled = true;
    });
    expect(upstreamCalled).toBe(false);
    expect(refuse.policyName).toBe("refuse");
  });

  it("rejects next() called twice", async () => {
    const twice = definePolicy<object>("twice", async (_context, next) => {
      await next();
      await next();
    });
    await expect(compose([twice])({}, async () => {})).rejects.toThrow(/more than once/);
  });
});
