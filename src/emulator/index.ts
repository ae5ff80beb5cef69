export { startEmulator, type RunningEmulator } from "./emulator.js";
export type { EmulatorOptions, LatencyModel } from "./emulator-state.js";
export type { BilledModel, BilledReport, BilledUsage } from "./billing-ledger.js";
export { FAULT_HEADER, FAULT_KINDS, type FaultKind } from "./faults.js";
export { OUTPUT_TOKENS_HEADER } from "./generation-route.js";
export { minimumCacheableTokens } from "./anthropic/prompt-cache.js";
export { tuneProcessForEmulator } from "./process-tuning.js";
