import { counterStoreContract } from "../counters-contract.js";
import { memoryCounterStore } from "./memory-counter-store.js";

counterStoreContract("memory", { open: async (clock) => memoryCounterStore({ clock: clock.now }) });
