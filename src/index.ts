/**
 * tokenomy's public API. The core (usage, money, prices, ledger and counter contracts, the
 * allocator) plus each face for programmatic use: the SDK's in-process run controller, the
 * gateway, the provider emulator, the price book, log reading and the ledger stores.
 */
export * from "./core/index.js";
export * from "./sdk/index.js";
export { startGateway, type StartGatewayOptions, type RunningGateway } from "./gateway/index.js";
export { startEmulator, type RunningEmulator, type EmulatorOptions } from "./emulator/index.js";
export { createPriceBook, type PriceBookOptions, type TokenomyPriceBook } from "./pricing/index.js";
export { countTokens } from "./tokenize/index.js";
export { readLogs, defaultLogPaths } from "./importers/read-logs.js";
export { openLedger } from "./stores/registry.js";
export { openCounters } from "./stores/counters-registry.js";
