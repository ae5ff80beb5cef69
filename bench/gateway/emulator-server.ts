import { startEmulator, tuneProcessForEmulator } from "../../src/emulator/index.js";

/** The upstream of every bench target: the emulator with zero latency, in its own process as `tokenomy emulate` runs it. */
tuneProcessForEmulator();
const emulator = await startEmulator({ seed: 1 });
process.stdout.write(`READY ${emulator.port}\n`);
process.on("SIGTERM", () => void emulator.close().then(() => process.exit(0)));
