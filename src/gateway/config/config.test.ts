import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TokenomyError } from "../../core/errors/index.js";
import { loadGatewayConfig, parseGatewayConfig } from "./load.js";
import { resolveGatewayConfig } from "./resolve.js";

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(TokenomyError.isInstance(error)).toBe(true);
    expect((error as TokenomyError).code).toBe("config_invalid");
    return (error as Error).message;
  }
  throw new Error("expected a config error");
}

describe("gateway config", () => {
  it("rejects unknown keys anywhere, naming their path", () => {
    expect(configError(() => parseGatewayConfig({ prot: 8080 }))).toMatch(/\(root\): .*prot/);
    expect(configError(() => parseGatewayConfig({ providers: { openai: { apiKey: "env:X", timeout: 5 } } }))).toMatch(/providers\.openai: .*timeout/);
    expect(configError(() => parseGatewayConfig({ ledgerWriter: { flushMs: 5 } }))).toMatch(/ledgerWriter: .*flushMs/);
  });

  it("refuses secrets written by value", () => {
    expect(configError(() => parseGatewayConfig({ providers: { openai: { apiKey: "sk-live-123" } } }))).toMatch(/providers\.openai\.apiKey: a secret is named by location/);
  });

  it("resolves defaults, env secrets, upstream overrides and routes", () => {
    const input = parseGatewayConfig({
      adminKey: "env:ADMIN",
      providers: { groq: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:1234/openai/v1", apiKey: "env:GROQ_KEY" } },
      models: [{ match: "llama-*", provider: "groq" }],
    });
    const config = resolveGatewayConfig(input, { upstreams: { openai: "http://127.0.0.1:9000" } }, { ADMIN: "a", GROQ_KEY: "g", ANTHROPIC_API_KEY: "k" });
    expect(config.adminKey).toBe("a");
    expect(config.providers.get("openai")).toMatchObject({ baseUrl: "http://127.0.0.1:9000/v1", apiKey: undefined });
    expect(config.providers.get("anthropic")).toMatchObject({ baseUrl: "https://api.anthropic.com", apiKey: "k" });
    expect(config.providers.get("groq")).toMatchObject({ kind: "openai-compatible", baseUrl: "http://127.0.0.1:1234/openai/v1", apiKey: "g" });
    const route = (model: string) => config.modelRoutes.find((candidate) => candidate.pattern.test(model))?.provider;
    expect([route("llama-3.1-70b"), route("claude-opus-4-5"), route("gpt-4o"), route("o3-mini"), route("mystery")]).toEqual(["groq", "anthropic", "openai", "openai", undefined]);
    expect(config).toMatchObject({ port: 8787, db: "./tokenomy.db", flushIntervalMs: 100 });
  });

  it("names a missing environment variable, a provider without kind, an unknown route target, an unknown policy", () => {
    expect(configError(() => resolveGatewayConfig(parseGatewayConfig({ adminKey: "env:NOPE" }), {}, {}))).toMatch(/adminKey: environment variable NOPE is not set/);
    expect(configError(() => resolveGatewayConfig(parseGatewayConfig({ providers: { local: { baseUrl: "http://127.0.0.1:1" } } }), {}, {}))).toMatch(/providers\.local\.kind/);
    expect(configError(() => resolveGatewayConfig(parseGatewayConfig({ models: [{ match: "x-*", provider: "nobody" }] }), {}, {}))).toMatch(/models\.0\.provider/);
    expect(configError(() => resolveGatewayConfig(parseGatewayConfig({ policies: [{ name: "telepathy" }] }), {}, {}))).toMatch(/policies\.0\.name: unknown policy/);
    expect(configError(() => resolveGatewayConfig(parseGatewayConfig({ policies: [{ name: "price-defaults", options: { valueUSD: 1 } }] }), {}, {}))).toMatch(
      /policies\.0\.options: .*valueUSD/,
    );
  });

  it("loads the documented example from YAML", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tokenomy-config-"));
    try {
      const path = join(directory, "gateway.yaml");
      const documented = /```yaml\n([\s\S]*?)```/.exec((await import("node:fs")).readFileSync(join(import.meta.dirname, "../../../docs/gateway.md"), "utf8"));
      expect(documented).not.toBeNull();
      writeFileSync(path, documented![1]!);
      const config = resolveGatewayConfig(await loadGatewayConfig(path), {}, { TOKENOMY_ADMIN_KEY: "a", OPENAI_API_KEY: "o", ANTHROPIC_API_KEY: "k", GROQ_API_KEY: "g" });
      expect(config.providers.size).toBeGreaterThanOrEqual(3);
      writeFileSync(path, "port: [unclosed");
      await expect(loadGatewayConfig(path)).rejects.toThrow(/not valid YAML/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
