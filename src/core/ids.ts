/** Branded ids: a run id passed where a tenant id is expected fails to compile. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TenantId = Brand<string, "TenantId">;
export type UserId = Brand<string, "UserId">;
export type KeyId = Brand<string, "KeyId">;
export type RunId = Brand<string, "RunId">;
export type HopId = Brand<string, "HopId">;
export type RequestId = Brand<string, "RequestId">;
export type SessionId = Brand<string, "SessionId">;

export const asTenantId = (id: string) => id as TenantId;
export const asUserId = (id: string) => id as UserId;
export const asKeyId = (id: string) => id as KeyId;
export const asRunId = (id: string) => id as RunId;
export const asHopId = (id: string) => id as HopId;
export const asRequestId = (id: string) => id as RequestId;
export const asSessionId = (id: string) => id as SessionId;
