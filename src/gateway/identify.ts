import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { CallIdentity } from "../core/call-context.js";
import { TokenomyError } from "../core/errors/index.js";
import type { KeyStore, VirtualKey } from "../core/virtual-key.js";

/** What identification found: who calls, and the key the client sent (forwarded in open mode). */
export interface Identified {
  identity: CallIdentity;
  /** The client's own provider key, only in open mode. */
  clientKey: string | undefined;
}

const anonymous: CallIdentity = Object.freeze({});

/** The key a client sent as `Authorization: Bearer ...` or `x-api-key`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.length > 0) return apiKey;
  const authorization = headers.authorization;
  if (typeof authorization === "string" && authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === "bearer ") {
    return authorization.slice(7).trim();
  }
  return undefined;
}

export function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/**
 * Resolves virtual keys to tenant and user, with an in-process cache. The gateway runs open (any
 * caller, the client's own provider key forwarded) while no admin key is configured and no
 * virtual key exists; once either exists, every call needs a valid, unrevoked virtual key.
 */
export class Identifier {
  private readonly cache = new Map<string, { key: VirtualKey | undefined; expiresAt: number }>();
  private keysExist = false;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly adminKeyConfigured: boolean,
    private readonly cacheTtlMs: number,
  ) {}

  /** Loads whether keys exist, then re-checks periodically so keys made by another replica take effect. */
  async start(refreshMs = 5_000): Promise<void> {
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch(() => undefined), refreshMs);
    this.refreshTimer.unref();
  }

  stop(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  get enforcing(): boolean {
    return this.adminKeyConfigured || this.keysExist;
  }

  /** Called by the admin API after it creates a key or revokes one. */
  keysChanged(created: boolean): void {
    if (created) this.keysExist = true;
    this.cache.clear();
  }

  /** Resolves synchronously in open mode (no promise on the hot path). */
  identify(headers: IncomingHttpHeaders): Identified | Promise<Identified> {
    const secret = presentedKey(headers);
    if (!this.enforcing) return { identity: anonymous, clientKey: secret };
    if (secret === undefined) {
      throw new TokenomyError("missing_key", "a virtual key is required: send it as `Authorization: Bearer <key>` or `x-api-key`");
    }
    const hash = hashKey(secret);
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > Date.now()) return toIdentified(cached.key);
    return this.keys.findKeyByHash(hash).then((key) => {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { key, expiresAt: Date.now() + this.cacheTtlMs });
      return toIdentified(key);
    });
  }

  private async refresh(): Promise<void> {
    const keys = await this.keys.listKeys();
    this.keysExist = keys.length > 0;
  }
}

function toIdentified(key: VirtualKey | undefined): Identified {
  if (!key) throw new TokenomyError("invalid_key", "the key is not a valid tokenomy virtual key");
  if (key.revokedAt !== undefined) throw new TokenomyError("revoked_key", `key ${key.prefix}... was revoked`);
  const identity: CallIdentity = { keyId: key.id, tenantId: key.tenantId };
  if (key.userId !== undefined) identity.userId = key.userId;
  if (key.metadata !== undefined) identity.metadata = key.metadata;
  return { identity, clientKey: undefined };
}
