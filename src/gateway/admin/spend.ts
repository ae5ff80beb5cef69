import { TokenomyError } from "../../core/errors/index.js";
import { groupKeys, type GroupKey, type LedgerQuery, type Totals } from "../../core/ledger.js";
import { formatUsd } from "../../core/money.js";
import { timeBuckets, type TimeBucket } from "../../core/time-bucket.js";
import type { AdminRoute } from "./admin-route.js";

/** `2026-11-01`, an ISO instant, epoch milliseconds, or a duration back from now (`7d`, `12h`, `30m`). */
export function parseInstant(text: string, name: string, now = Date.now()): number {
  const relative = /^(\d+)([dhm])$/.exec(text);
  if (relative) return now - Number(relative[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as "d" | "h" | "m"];
  if (/^\d{10,}$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new TokenomyError("invalid_request", `${name} must be a date, an ISO time, epoch ms or a duration like 7d`);
  return parsed;
}

function totalsJson(totals: Totals): Record<string, unknown> {
  return { ...totals, costPico: totals.costPico.toString(), costUsd: formatUsd(totals.costPico, 6) };
}

/** `GET /admin/spend?by=tenant&since=7d&until=...&bucket=day`: the ledger's aggregate, flushed first. */
export const spendRoute: AdminRoute = {
  method: "GET",
  path: "/admin/spend",
  async handle({ query, runtime }) {
    const spend: LedgerQuery = {};
    const by = query.get("by");
    if (by !== null) {
      if (!groupKeys.includes(by as GroupKey)) throw new TokenomyError("invalid_request", `by must be one of ${groupKeys.join(", ")}`);
      spend.groupBy = by as GroupKey;
    }
    const bucket = query.get("bucket");
    if (bucket !== null) {
      if (!timeBuckets.includes(bucket as TimeBucket)) throw new TokenomyError("invalid_request", `bucket must be one of ${timeBuckets.join(", ")}`);
      spend.bucket = bucket as TimeBucket;
    }
    const since = query.get("since");
    if (since !== null) spend.since = parseInstant(since, "since");
    const until = query.get("until");
    if (until !== null) spend.until = parseInstant(until, "until");
    await runtime.writer.flush();
    const { totals, rows } = await runtime.services.ledger.aggregate(spend);
    return {
      status: 200,
      body: { query: spend, totals: totalsJson(totals), rows: rows.map((row) => ({ ...row, totals: totalsJson(row.totals) })) },
    };
  },
};
