import type { EmulatorState } from "./emulator-state.js";
import { seededRandom } from "./random.js";

export const FAULT_KINDS = ["429", "500", "529", "timeout", "cut", "malformed"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Request header that injects a fault: `x-emulator-fault: 429`, or `429;count=2` for the first two tries only. */
export const FAULT_HEADER = "x-emulator-fault";

export type FaultDecision = { kind: FaultKind } | { kind: undefined } | { invalid: string };

function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/**
 * Whether this request gets a fault. A header wins; `count=N` makes the fault fire for the first
 * N identical requests (same body, same header) and then let them through, which is how a test
 * sees an SDK retry succeed. Without a header, `faultRates` draw from the seed and sequence.
 */
export function decideFault(headerValue: string | undefined, requestFingerprint: string, state: EmulatorState): FaultDecision {
  if (headerValue !== undefined && headerValue !== "") {
    const [kindText = "", ...parameters] = headerValue.split(";").map((part) => part.trim());
    if (!isFaultKind(kindText)) return { invalid: `unknown ${FAULT_HEADER} "${kindText}"; expected one of ${FAULT_KINDS.join(", ")}` };
    const countParameter = parameters.find((parameter) => parameter.startsWith("count="));
    if (!countParameter) return { kind: kindText };
    const limit = Number(countParameter.slice("count=".length));
    if (!Number.isInteger(limit) || limit < 0) return { invalid: `${FAULT_HEADER} count must be a non-negative integer` };
    const key = `${headerValue}\u0000${requestFingerprint}`;
    const fired = state.faultCounts.get(key) ?? 0;
    if (fired >= limit) return { kind: undefined };
    state.faultCounts.set(key, fired + 1);
    return { kind: kindText };
  }
  const rates = state.faultRates;
  const kinds = FAULT_KINDS.filter((kind) => (rates[kind] ?? 0) > 0);
  if (kinds.length === 0) return { kind: undefined };
  let draw = seededRandom((state.seed ^ Math.imul(state.sequence + 1, 0x85ebca6b)) >>> 0).next();
  for (const kind of kinds) {
    draw -= rates[kind] ?? 0;
    if (draw < 0) return { kind };
  }
  return { kind: undefined };
}
