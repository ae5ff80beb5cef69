/** Guard and lifecycle events, stored beside call records (noun-verb names). */
export const ledgerEventKinds = [
  "budget-reserved",
  "budget-settled",
  "budget-released",
  "budget-exceeded",
  "rate-limited",
  "loop-detected",
  "cache-hit",
  "call-cut",
] as const;
export type LedgerEventKind = (typeof ledgerEventKinds)[number];

export interface LedgerEvent {
  id: string;
  timestamp: number;
  kind: LedgerEventKind;
  /** Scope the event concerns, e.g. `tenant:t1`, `key:k1`, `run:r1`, `hop:h1`. */
  scope?: string;
  requestId?: string;
  runId?: string;
  tenantId?: string;
  keyId?: string;
  /** Money moved by the event, picodollars. */
  amountPico?: number;
  detail?: Record<string, unknown>;
}
