/**
 * The in-process guard for TypeScript agents: a run with a budget, hops with context and spend
 * limits, the same budget policy as the gateway.
 */
export { createRunController, type AgentLimits, type HopCall, type HopController, type RunController, type RunControllerOptions } from "./run-controller.js";
export { fitMessages, type FitResult } from "./fit-messages.js";
export { messageTokens, type ChatMessage, type TextTokenCounter } from "./message-tokens.js";
export { memoryCounterStore } from "../stores/counters-memory/memory-counter-store.js";
