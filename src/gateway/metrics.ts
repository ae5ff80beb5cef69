import type { CallRecord } from "../core/call-record.js";
import { formatUsd } from "../core/money.js";

const secondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const overheadBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05];

/**
 * Counts per bucket, not cumulative: an observation increments the one bucket it falls in, and
 * `render` sums them up (Prometheus buckets are cumulative). With `CostTotal` below, this took
 * `observeCall` from ~195 to ~120 ns a call (measured, same rendered text).
 */
class Histogram {
  /** `counts[i]` holds values in (buckets[i-1], buckets[i]]; the last slot holds values above every bound. */
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length + 1).fill(0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    let index = 0;
    while (index < this.buckets.length && value > this.buckets[index]!) index++;
    this.counts[index]! += 1;
  }
}

/**
 * Money per series: a number while it stays a safe integer of picodollars (~$9,007), moved into a
 * bigint beyond, so the usual call adds two numbers instead of allocating two bigints.
 */
class CostTotal {
  private small = 0;
  private large = 0n;
  add(pico: number): void {
    const sum = this.small + pico;
    if (Number.isSafeInteger(sum)) this.small = sum;
    else {
      this.large += BigInt(this.small) + BigInt(pico);
      this.small = 0;
    }
  }
  get total(): bigint {
    return this.large + BigInt(this.small);
  }
}

/**
 * Prometheus metrics, hand-written for a cheap hot path: one map lookup per series per call.
 * Series are labelled by provider and model (and status, token kind, error class).
 */
export class GatewayMetrics {
  private readonly requests = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly cost = new Map<string, CostTotal>();
  private readonly errors = new Map<string, number>();
  private readonly duration = new Map<string, Histogram>();
  private readonly ttft = new Map<string, Histogram>();
  private readonly overhead = new Map<string, Histogram>();
  private readonly gatewayErrors = new Map<string, number>();
  /** By provider, then model. */
  private readonly seriesNames = new Map<string, Map<string, SeriesNames>>();
  private seriesCount = 0;

  /** Counts one settled call. `overheadMs` is the time spent in the gateway, upstream excluded. */
  observeCall(record: CallRecord, overheadMs: number): void {
    const names = this.seriesOf(record.provider ?? "", record.model);
    const { series, provider } = names;
    increment(this.requests, record.status === "ok" ? names.ok : `${series},status="${record.status}"`, 1);
    const usage = record.usage;
    if (usage.inputNoCache) increment(this.tokens, names.input, usage.inputNoCache);
    if (usage.cacheRead) increment(this.tokens, names.cacheRead, usage.cacheRead);
    const writes = (usage.cacheWrite5m ?? 0) + (usage.cacheWrite1h ?? 0);
    if (writes) increment(this.tokens, names.cacheWrite, writes);
    if (usage.output) increment(this.tokens, names.output, usage.output);
    if (usage.reasoning) increment(this.tokens, names.reasoning, usage.reasoning);
    if (record.costPico) {
      let cost = this.cost.get(series);
      if (!cost) this.cost.set(series, (cost = new CostTotal()));
      cost.add(record.costPico);
    }
    if (record.errorClass !== undefined) increment(this.errors, `${series},class="${escape(record.errorClass)}"`, 1);
    if (record.latencyMs !== undefined) histogram(this.duration, series, secondsBuckets).observe(record.latencyMs / 1000);
    if (record.ttftMs !== undefined) histogram(this.ttft, series, secondsBuckets).observe(record.ttftMs / 1000);
    histogram(this.overhead, provider, overheadBuckets).observe(overheadMs / 1000);
  }

  /** Label sets built once per provider and model: the hot path then reuses the same strings (no concatenation, hashes cached). */
  private seriesOf(provider: string, model: string): SeriesNames {
    let byModel = this.seriesNames.get(provider);
    if (!byModel) this.seriesNames.set(provider, (byModel = new Map()));
    let names = byModel.get(model);
    if (!names) {
      const series = `provider="${escape(provider)}",model="${escape(model)}"`;
      names = {
        series,
        provider: `provider="${escape(provider)}"`,
        ok: `${series},status="ok"`,
        input: `${series},kind="input"`,
        cacheRead: `${series},kind="cache_read"`,
        cacheWrite: `${series},kind="cache_write"`,
        output: `${series},kind="output"`,
        reasoning: `${series},kind="reasoning"`,
      };
      if (this.seriesCount < 10_000) {
        byModel.set(model, names);
        this.seriesCount += 1;
      }
    }
    return names;
  }

  /** Counts an error the gateway answered itself (bad input, auth, policy refusal). */
  observeGatewayError(code: string): void {
    increment(this.gatewayErrors, `code="${code}"`, 1);
  }

  render(extra: { ledgerPending: number; ledgerDropped: number; inFlight: number }): string {
    const lines: string[] = [];
    counter(lines, "tokenomy_requests_total", "Upstream calls by provider, model and status.", this.requests);
    counter(lines, "tokenomy_tokens_total", "Tokens by provider, model and kind.", this.tokens);
    lines.push("# HELP tokenomy_cost_usd_total Cost of priced calls in USD.", "# TYPE tokenomy_cost_usd_total counter");
    for (const [labels, cost] of this.cost) lines.push(`tokenomy_cost_usd_total{${labels}} ${formatUsd(cost.total, 12)}`);
    counter(lines, "tokenomy_upstream_errors_total", "Failed or cut upstream calls by error class.", this.errors);
    counter(lines, "tokenomy_gateway_errors_total", "Errors the gateway answered itself, by code.", this.gatewayErrors);
    histograms(lines, "tokenomy_request_duration_seconds", "Total latency of a call as the client saw it.", this.duration);
    histograms(lines, "tokenomy_time_to_first_token_seconds", "Time to the first streamed byte.", this.ttft);
    histograms(lines, "tokenomy_gateway_overhead_seconds", "Time spent in the gateway, upstream excluded.", this.overhead);
    gauge(lines, "tokenomy_ledger_pending_records", "Records queued for the ledger.", extra.ledgerPending);
    gauge(lines, "tokenomy_ledger_dropped_records", "Records dropped after the ledger kept failing.", extra.ledgerDropped);
    gauge(lines, "tokenomy_in_flight_calls", "Calls being served.", extra.inFlight);
    return lines.join("\n") + "\n";
  }
}

interface SeriesNames {
  series: string;
  provider: string;
  ok: string;
  input: string;
  cacheRead: string;
  cacheWrite: string;
  output: string;
  reasoning: string;
}

function increment(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function histogram(map: Map<string, Histogram>, key: string, buckets: readonly number[]): Histogram {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Histogram(buckets)));
  return found;
}

function escape(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function counter(lines: string[], name: string, help: string, map: Map<string, number>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  for (const [labels, value] of map) lines.push(`${name}{${labels}} ${value}`);
}

function gauge(lines: string[], name: string, help: string, value: number): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
}

function histograms(lines: string[], name: string, help: string, map: Map<string, Histogram>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const [labels, histogram] of map) {
    let cumulative = 0;
    histogram.buckets.forEach((bound, index) => {
      cumulative += histogram.counts[index]!;
      lines.push(`${name}_bucket{${labels},le="${bound}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${histogram.count}`);
    lines.push(`${name}_sum{${labels}} ${histogram.sum}`, `${name}_count{${labels}} ${histogram.count}`);
  }
}
