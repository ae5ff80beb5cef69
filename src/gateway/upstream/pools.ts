import { Pool } from "undici";
import type { ResolvedProvider } from "../config/resolve.js";

/** One keep-alive connection pool per upstream origin, shared by the providers that live there. */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private readonly byProvider = new Map<string, Pool>();
  private readonly basePaths = new Map<string, string>();

  constructor(providers: Iterable<ResolvedProvider>) {
    for (const provider of providers) {
      const url = new URL(provider.baseUrl);
      this.basePaths.set(provider.name, url.pathname === "/" ? "" : url.pathname.replace(/\/+$/, ""));
      if (!this.pools.has(url.origin)) {
        this.pools.set(
          url.origin,
          new Pool(url.origin, {
            connections: provider.connections,
            keepAliveTimeout: 30_000,
            headersTimeout: provider.timeoutMs,
            bodyTimeout: provider.timeoutMs,
          }),
        );
      }
      this.byProvider.set(provider.name, this.pools.get(url.origin)!);
    }
  }

  poolFor(provider: ResolvedProvider): Pool {
    return this.byProvider.get(provider.name)!;
  }

  /** Path prefix of the provider's base URL (`/v1` for OpenAI). */
  basePath(provider: ResolvedProvider): string {
    return this.basePaths.get(provider.name) ?? "";
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}
