/**
 * Money is integer picodollars (1 USD = 10^12 pUSD).
 *
 * Why pico and not nano: catalog prices go down to $0.01 per million tokens, i.e. 0.01 nUSD per
 * token, which would round in nano. In pico every price with up to six decimals in $/Mtok is an
 * exact integer per token ($0.0375/Mtok = 37,500 pUSD/token), so a call's cost is
 * `sum(tokens * price)` with no rounding at all.
 *
 * Overflow bound: one call's cost is a JS number and must stay a safe integer
 * (2^53 pUSD = $9,007.19); `costOf` throws past that rather than lose precision. Totals over many
 * calls are summed as `bigint` (`MoneySum`), which has no bound. Stores keep per-call costs in
 * 64-bit integer columns and sum them as exact numerics.
 */
export type Picodollars = number;

export const PICO_PER_USD = 1_000_000_000_000n;
export const PICO_PER_USD_NUMBER = 1e12;

/** `$X per million tokens` to integer picodollars per token. Throws if it is not exact. */
export function usdPerMillionToPicoPerToken(usdPerMillion: number): Picodollars {
  const pico = Math.round(usdPerMillion * 1e6);
  if (Math.abs(pico - usdPerMillion * 1e6) > 1e-6 * Math.max(1, Math.abs(pico))) {
    throw new RangeError(`price $${usdPerMillion}/Mtok is not a whole number of pUSD per token`);
  }
  return pico;
}

/** Parses a decimal USD amount (number or string such as "0.0123") into exact picodollars. */
export function usdToPico(usd: number | string): bigint {
  const text = typeof usd === "number" ? numberToPlainString(usd) : usd.trim();
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new RangeError(`not a USD amount: ${text}`);
  const [, sign, whole = "", fraction = ""] = match;
  const digits = (fraction + "000000000000").slice(0, 12);
  const roundUp = fraction.length > 12 && Number(fraction[12]) >= 5 ? 1n : 0n;
  const magnitude = BigInt(whole || "0") * PICO_PER_USD + BigInt(digits) + roundUp;
  return sign ? -magnitude : magnitude;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite USD amount: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

/** Formats picodollars as USD with a fixed number of decimals (default 6), rounding half up. */
export function formatUsd(pico: bigint | number, decimals = 6): string {
  const value = typeof pico === "bigint" ? pico : BigInt(pico);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scale = 10n ** BigInt(12 - decimals);
  const rounded = (magnitude + scale / 2n) / scale;
  const unit = 10n ** BigInt(decimals);
  const whole = rounded / unit;
  const fraction = (rounded % unit).toString().padStart(decimals, "0");
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? "." + fraction : ""}`;
}

/** Picodollars as a JS number of USD, for JSON output only (never sum these). */
export function picoToUsdNumber(pico: bigint | number): number {
  return Number(formatUsd(pico, 12));
}

/** Exact sum of many costs. */
export class MoneySum {
  private total = 0n;
  add(pico: bigint | number): this {
    this.total += typeof pico === "bigint" ? pico : BigInt(pico);
    return this;
  }
  get value(): bigint {
    return this.total;
  }
}

/** Multiplies tokens by a per-token price, refusing results that would not be exact. */
export function tokenCost(tokens: number, picoPerToken: Picodollars): Picodollars {
  const cost = tokens * picoPerToken;
  if (!Number.isSafeInteger(cost)) {
    throw new RangeError(`cost ${tokens} tokens x ${picoPerToken} pUSD exceeds the exact per-call bound`);
  }
  return cost;
}
