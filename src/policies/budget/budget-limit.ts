import { formatUsd, usdToPico } from "../../core/money.js";
import type { BudgetDefinition } from "../../core/virtual-key.js";

/**
 * The limit fields of a budget from a USD amount: `limitUsd`, exact at any size, plus
 * `limitPico` when the amount fits a JS number (at most $9,007.19), for readers that predate
 * `limitUsd`. Negative amounts throw.
 *
 * @example
 * budgetLimitFields("50000") // { limitUsd: "50000" }
 * budgetLimitFields(1.5)     // { limitUsd: "1.5", limitPico: 1_500_000_000_000 }
 */
export function budgetLimitFields(usd: number | string): Pick<BudgetDefinition, "limitUsd" | "limitPico"> {
  const pico = usdToPico(usd);
  if (pico < 0n) throw new RangeError(`a budget limit cannot be negative: ${usd}`);
  const limitUsd = formatUsd(pico, 12).replace(/\.?0+$/, "");
  return pico <= BigInt(Number.MAX_SAFE_INTEGER) ? { limitUsd, limitPico: Number(pico) } : { limitUsd };
}
