import type { CallContext } from "../../core/call-context.js";
import type { LedgerEvent, LedgerEventKind } from "../../core/ledger-event.js";

/**
 * Pushes a guard event onto the call's events (written to the ledger with the call record). The
 * id is the request id plus kind plus a sequence number, so a replayed batch stays idempotent.
 */
export function pushGuardEvent(
  context: Pick<CallContext, "requestId" | "identity" | "attribution" | "events">,
  kind: LedgerEventKind,
  fields: { scope?: string; amountPico?: number; detail?: Record<string, unknown>; timestamp?: number },
): LedgerEvent {
  const event: LedgerEvent = {
    id: `${context.requestId}:${kind}:${context.events.length}`,
    timestamp: fields.timestamp ?? Date.now(),
    kind,
    requestId: context.requestId,
    ...(fields.scope !== undefined ? { scope: fields.scope } : {}),
    ...(context.attribution.runId !== undefined ? { runId: context.attribution.runId } : {}),
    ...(context.identity.tenantId !== undefined ? { tenantId: context.identity.tenantId } : {}),
    ...(context.identity.keyId !== undefined ? { keyId: context.identity.keyId } : {}),
    ...(fields.amountPico !== undefined ? { amountPico: fields.amountPico } : {}),
    ...(fields.detail !== undefined ? { detail: fields.detail } : {}),
  };
  context.events.push(event);
  return event;
}

/** The counter partition of a call: its tenant, so a budget chain sits on one Redis slot. */
export function partitionOf(context: Pick<CallContext, "identity">): string {
  return context.identity.tenantId ?? "-";
}
