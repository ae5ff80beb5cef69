import { randomBytes } from "node:crypto";
import { z } from "zod";
import { TokenomyError } from "../../core/errors/index.js";
import type { VirtualKey } from "../../core/virtual-key.js";
import { hashKey } from "../identify.js";
import type { GatewayRuntime } from "../runtime.js";
import { parseAdminBody, type AdminRoute } from "./admin-route.js";
import { keyBudgetsExtension } from "./budget-routes.js";

/**
 * Extra fields `POST /admin/keys` accepts, one entry per feature (the guard adds `budgets`).
 * `apply` runs after the key is stored.
 */
export interface KeyCreateExtension {
  field: string;
  schema: z.ZodType;
  apply(key: VirtualKey, value: unknown, runtime: GatewayRuntime): Promise<unknown>;
}

export const keyCreateExtensions: KeyCreateExtension[] = [keyBudgetsExtension];

const baseFields = {
  tenant: z.string().min(1).max(256),
  user: z.string().min(1).max(256).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
};

/** The key as the admin API shows it: never the hash. */
export function describeKey(key: VirtualKey): Record<string, unknown> {
  return {
    id: key.id,
    prefix: key.prefix,
    tenant: key.tenantId,
    user: key.userId ?? null,
    metadata: key.metadata ?? {},
    createdAt: new Date(key.createdAt).toISOString(),
    revokedAt: key.revokedAt === undefined ? null : new Date(key.revokedAt).toISOString(),
  };
}

export const createKeyRoute: AdminRoute = {
  method: "POST",
  path: "/admin/keys",
  async handle({ body, runtime }) {
    const extensionFields = Object.fromEntries(keyCreateExtensions.map((extension) => [extension.field, extension.schema.optional()]));
    const input = parseAdminBody(z.object({ ...baseFields, ...extensionFields }).strict(), body) as Record<string, unknown> &
      z.infer<z.ZodObject<typeof baseFields>>;
    const secret = `tk-${randomBytes(24).toString("base64url")}`;
    const key: VirtualKey = {
      id: `key_${randomBytes(8).toString("hex")}`,
      hash: hashKey(secret),
      prefix: secret.slice(0, 10),
      tenantId: input.tenant,
      createdAt: Date.now(),
      ...(input.user !== undefined ? { userId: input.user } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    };
    await runtime.services.ledger.createKey(key);
    runtime.identifier.keysChanged(true);
    const extras: Record<string, unknown> = {};
    for (const extension of keyCreateExtensions) {
      if (input[extension.field] !== undefined) extras[extension.field] = await extension.apply(key, input[extension.field], runtime);
    }
    return { status: 201, body: { key: secret, ...describeKey(key), ...extras } };
  },
};

export const listKeysRoute: AdminRoute = {
  method: "GET",
  path: "/admin/keys",
  async handle({ query, runtime }) {
    const keys = await runtime.services.ledger.listKeys(query.get("tenant") ?? undefined);
    return { status: 200, body: { keys: keys.map(describeKey) } };
  },
};

export const revokeKeyRoute: AdminRoute = {
  method: "DELETE",
  path: "/admin/keys/:id",
  async handle({ params, runtime }) {
    const revoked = await runtime.services.ledger.revokeKey(params.id!, Date.now());
    if (!revoked) throw new TokenomyError("unknown_route", `no active key with id ${params.id}`);
    runtime.identifier.keysChanged(false);
    return { status: 200, body: { id: params.id, revoked: true } };
  },
};
