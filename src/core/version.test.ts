import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOKENOMY_VERSION } from "./version.js";

describe("TOKENOMY_VERSION", () => {
  it("is package.json's version (the CLI prints it, and the read cache trusts only its own release)", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(TOKENOMY_VERSION).toBe(pkg.version);
  });
});
