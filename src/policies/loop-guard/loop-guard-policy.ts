import type { CallContext } from "../../core/call-context.js";
import type { CounterStore } from "../../core/counters.js";
import { TokenomyError } from "../../core/errors/index.js";
import { definePolicy, type Policy } from "../../core/pipeline.js";
import { partitionOf, pushGuardEvent } from "../shared/guard-event.js";
import { HopLineage } from "../shared/hop-lineage.js";
import { readBody } from "../shared/read-body.js";
import { resolveLoopGuardConfig, type LoopAction, type LoopGuardConfig } from "./loop-guard-config.js";
import { hopCycle, noProgress, repeatsWithin, toolErrorRepeat, type LoopFinding } from "./loop-rules.js";
import { ReplayCache } from "./replay-cache.js";
import { canonical, hash } from "./text-facts.js";
import { toolInteractions } from "./tool-interactions.js";

export interface LoopGuardOptions extends LoopGuardConfig {
  counters: CounterStore;
  lineage?: HopLineage;
  clock?: () => number;
}

export const LOOP_HEADER = "x-tokenomy-loop";

/**
 * Catches runaway agents, per run (per key when a call names no run):
 * (a) the same request repeated, (b) the same tool call failing the same way again and again,
 * (c) agents delegating to each other in a cycle, (d) tool calls repeating while the context grows.
 * Each rule annotates (header and `loop-detected` ledger event), serves an exact repeat from a
 * short-lived cache, or stops the run with `loop_detected`; a stopped run stays stopped.
 *
 * Replicas: (b) and (d) read only the request's own conversation; (a), (c) and the stopped mark
 * live in the counter store, so they hold across replicas. The replay cache is per replica: a
 * repeat that lands on another replica is annotated instead of replayed.
 *
 * @example
 * const guard = loopGuard({ counters, toolErrorRepeat: { threshold: 3, action: "stop" } });
 */
export function loopGuard(options: LoopGuardOptions): Policy<CallContext> {
  const config = resolveLoopGuardConfig(options);
  const lineage = options.lineage ?? new HopLineage(options.counters);
  const clock = options.clock ?? Date.now;
  const cache = new ReplayCache(config.exactRepeat.cacheTtlMs, config.exactRepeat.cacheEntries);
  const counters = options.counters;

  return definePolicy<CallContext>("loop-guard", async (context, next) => {
    const partition = partitionOf(context);
    const run = context.attribution.runId ?? (context.identity.keyId ? `key:${context.identity.keyId}` : undefined);
    if (!run) return next();
    // Both reads go out together (one round trip to Redis with auto-pipelining).
    const [stopped, recentOk] = await Promise.all([counters.recall(partition, `loop:stopped:${run}`), counters.recent(partition, `loop:ok:${run}`)]);
    if (stopped) throw stopError(context, JSON.parse(stopped) as LoopFinding, true);

    const findings: { finding: LoopFinding; action: LoopAction }[] = [];
    const body = readBody(context);
    const interactions = toolInteractions(context.api, body);
    const toolError = toolErrorRepeat(interactions, config.toolErrorRepeat.threshold, config.toolErrorRepeat.lookback);
    if (toolError) findings.push({ finding: toolError, action: config.toolErrorRepeat.action });
    const stuck = noProgress(interactions, config.noProgress.window, config.noProgress.maxDistinct);
    if (stuck) findings.push({ finding: stuck, action: config.noProgress.action });
    if (context.attribution.hopId || context.attribution.parentHopId) {
      const chain = await lineage.chain(partition, context.attribution);
      const agents = context.attribution.hopId ? chain.map((node) => node.agent) : [context.attribution.agentName, ...chain.map((node) => node.agent)];
      const cycle = hopCycle(agents, config.hopCycle.depth);
      if (cycle) findings.push({ finding: cycle, action: config.hopCycle.action });
    }
    const requestHash = hash(`${context.model}\u0000${canonical(body.messages ?? body.input ?? null)}\u0000${canonical(body.tools ?? null)}\u0000${canonical(body.system ?? null)}`);
    const now = clock();
    const repeats = repeatsWithin(recentOk, requestHash, now, config.exactRepeat.windowMs);
    if (repeats + 1 >= config.exactRepeat.threshold) {
      findings.push({ finding: { rule: "exact-repeat", signature: requestHash, detail: { repeats: repeats + 1, windowMs: config.exactRepeat.windowMs } }, action: config.exactRepeat.action });
    }

    for (const { finding, action } of findings) {
      context.responseHeaders[LOOP_HEADER] = [context.responseHeaders[LOOP_HEADER], finding.rule].filter(Boolean).join(", ");
      pushGuardEvent(context, "loop-detected", { scope: `run:${run}`, timestamp: now, detail: { rule: finding.rule, action, signature: finding.signature, ...finding.detail } });
      if (action === "stop") {
        await counters.remember(partition, `loop:stopped:${run}`, JSON.stringify(finding), config.stoppedTtlMs);
        throw stopError(context, finding, false);
      }
      if (action === "cache" && finding.rule === "exact-repeat" && !context.stream) {
        const answer = cache.get(requestHash, now);
        if (answer) {
          context.shortCircuit = { status: answer.status, body: answer.body, headers: { [LOOP_HEADER]: "exact-repeat; replayed" } };
          return;
        }
      }
    }

    await next();
    if (context.record?.status !== "ok") return;
    await counters.pushRecent(partition, `loop:ok:${run}`, `${requestHash}@${now}`, { keep: config.exactRepeat.remember, ttlMs: config.exactRepeat.windowMs });
    if (config.exactRepeat.action === "cache" && repeats + 2 >= config.exactRepeat.threshold && context.response && !context.stream) {
      cache.set(requestHash, context.response, now);
    }
  });
}

function stopError(context: CallContext, finding: LoopFinding, alreadyStopped: boolean): TokenomyError {
  const run = context.attribution.runId ?? "of this key";
  const message = alreadyStopped
    ? `run ${run} was stopped by the loop guard (${finding.rule}); start a new run`
    : `run ${run} stopped by the loop guard: ${describe(finding)}`;
  return new TokenomyError("loop_detected", message, { details: { rule: finding.rule, ...finding.detail, alreadyStopped } });
}

function describe(finding: LoopFinding): string {
  switch (finding.rule) {
    case "exact-repeat":
      return `the same request was sent ${String(finding.detail.repeats)} times`;
    case "tool-error-repeat":
      return `the same ${String(finding.detail.tool)} call failed the same way ${String(finding.detail.repeats)} times`;
    case "hop-cycle":
      return `agents ${(finding.detail.cycle as string[]).join(" -> ")} delegate to each other in a cycle ${String(finding.detail.hops)} hops deep`;
    case "no-progress":
      return `the last ${String(finding.detail.window)} tool calls repeat only ${String(finding.detail.distinctCalls)} distinct calls`;
  }
}
