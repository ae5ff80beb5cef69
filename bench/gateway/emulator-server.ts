import { startEmulator } from "../../src/emulator/index.js";

/** The upstream of every bench target: the emulator with zero latency. */
const emulator = await startEmulator({ seed: 1 });
process.stdout.write(`READY ${emulator.port}\n`);
process.on("SIGTERM", () => void emulator.close().then(() => process.exit(0)));
