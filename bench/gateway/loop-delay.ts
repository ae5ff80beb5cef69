import { monitorEventLoopDelay } from "node:perf_hooks";

/** BENCH_LOOP_DELAY=1: prints the event loop's delay (max and p99, ms) every second, to find stalls in a bench server. */
export function reportLoopDelay(): void {
  if (process.env.BENCH_LOOP_DELAY !== "1") return;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  setInterval(() => {
    process.stdout.write(`${new Date().toISOString()} loop delay max ${(delay.max / 1e6).toFixed(1)} p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms\n`);
    delay.reset();
  }, 1000).unref();
}
