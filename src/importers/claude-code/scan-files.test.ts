import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { workerCount } from "./scan-files.js";

const MIB = 1024 * 1024;

describe("workerCount", () => {
  it("reads small trees on this thread, and large ones with one more thread per core but one, up to 3", () => {
    expect(workerCount(10 * MIB, {}, false)).toBe(0);
    expect(workerCount(600 * MIB, {}, false)).toBe(Math.max(0, Math.min(3, availableParallelism() - 2)));
  });

  it("starts no thread when the machine is overloaded", () => {
    expect(workerCount(600 * MIB, {}, true)).toBe(0);
  });

  it("obeys TOKENOMY_WORKERS whatever the size and the load", () => {
    expect(workerCount(1, { TOKENOMY_WORKERS: "3" }, true)).toBe(3);
    expect(workerCount(600 * MIB, { TOKENOMY_WORKERS: "0" }, false)).toBe(0);
    expect(workerCount(600 * MIB, { TOKENOMY_WORKERS: "99" }, false)).toBe(16);
  });
});
