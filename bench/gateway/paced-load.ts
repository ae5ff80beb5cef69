import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import type { LoadResult } from "./load.js";

export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  durationSeconds: number;
  /** Requests per second, sent evenly: every millisecond, the requests that are due. */
  rate: number;
  connections?: number;
  /** Connections to reuse (kept open afterwards): slices of one target then start warm. */
  pool?: Pool;
}

/**
 * Open-loop load at a fixed rate with requests spread evenly over time. autocannon's
 * `overallRate` releases each tick's requests in a burst, so at 1,000 RPS even a direct call on
 * loopback shows a p99 of 10-20 ms of queueing; that drowns the sub-millisecond overhead being
 * measured. Here a 1 ms timer sends what is due, and each latency runs from the moment its
 * request was due (so a stalled server is charged for the requests it delayed: no coordinated
 * omission).
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = options.pool ?? new Pool(target.origin, { connections: options.connections ?? 64, pipelining: 1 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  // The dispatch interface, not request(): no promise, Readable or async resource per call, so
  // the load generator allocates less and its own GC pauses, which delay whatever target is being
  // measured, come less often.
  const path = target.pathname;
  const body = Buffer.from(options.body);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const done = () => {
    if (--inFlight === 0 && drained) drained();
  };
  const send = (dueAt: number) => {
    inFlight++;
    let status = 0;
    pool.dispatch(
      { path, method: "POST", headers: options.headers, body },
      {
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData() {},
        onResponseEnd() {
          if (status >= 200 && status < 300) latencies.push(performance.now() - dueAt);
          else non2xx++;
          done();
        },
        onResponseError() {
          errors++;
          done();
        },
      },
    );
  };
  const start = performance.now();
  const total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  if (!options.pool) await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) => latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? Number.NaN;
  return { requestsPerSecond: latencies.length / options.durationSeconds, p50Ms: at(0.5), p99Ms: at(0.99), non2xx, errors, latenciesMs: latencies };
}
