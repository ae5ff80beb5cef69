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
  // Built by assignment, not spreads: this runs several times per call on the hot path.
  const event: LedgerEvent = { id: `${context.requestId}:${kind}:${context.events.length}`, timestamp: fields.timestamp ?? Date.now(), kind, requestId: context.requestId };
  if (fields.scope !== undefined) event.scope = fields.scope;
  if (context.attribution.runId !== undefined) event.runId = context.attribution.runId;
  if (context.identity.tenantId !== undefined) event.tenantId = context.identity.tenantId;
  if (context.identity.keyId !== undefined) event.keyId = context.identity.keyId;
  if (fields.amountPico !== undefined) event.amountPico = fields.amountPico;
  if (fields.detail !== undefined) event.detail = fields.detail;
  context.events.push(event);
  return event;
}

/** The counter partition of a call: its tenant, so a budget chain sits on one Redis slot. */
export function partitionOf(context: Pick<CallContext, "identity">): string {
  return context.identity.tenantId ?? "-";
}
