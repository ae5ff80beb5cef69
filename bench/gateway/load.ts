import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Every successful request's latency, ascending (paced load only), for pooling slices. */
  latenciesMs?: number[];
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  durationSeconds: number;
  connections: number;
  /** Requests per second across all connections; omit for maximum throughput. */
  rate?: number;
}

/**
 * One autocannon run. Latencies are collected from autocannon's per-response timings (float
 * milliseconds from hrtime), because its own histogram rounds to whole milliseconds, too coarse
 * for sub-millisecond overhead.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.url,
    method: "POST",
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance.once("done", resolve);
    instance.once("error", reject);
  });
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / options.durationSeconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
