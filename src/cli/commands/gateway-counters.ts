import type { RegisterCommand } from "./index.js";

/**
 * Adds `--counters memory|redis://HOST:PORT` to `tokenomy gateway`: where budgets, rate limits
 * and the loop guard keep their counters. Several gateways given the same Redis (and the same
 * `--db postgres://...`) act as replicas of one group. The flag sets TOKENOMY_COUNTERS, which the
 * guard policies read when they are created.
 */
export const registerGatewayCounters: RegisterCommand = (program) => {
  const gateway = program.commands.find((command) => command.name() === "gateway");
  if (!gateway) throw new Error("registerGatewayCounters must come after the gateway command");
  gateway
    .option("--counters <target>", "counters for budgets, rate limits and the loop guard: memory (default) or redis://HOST:PORT (shared by replicas)")
    .hook("preAction", (command) => {
      const target = command.opts<{ counters?: string }>().counters;
      if (target !== undefined) process.env.TOKENOMY_COUNTERS = target;
    });
};
