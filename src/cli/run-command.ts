import { TokenomyError } from "../core/errors/index.js";

/**
 * Wraps a command action: expected failures print one clear line and exit 2, anything else
 * prints the stack and exits 1. Commands never call `process.exit` themselves.
 */
export function runCommand<Args extends unknown[]>(action: (...args: Args) => Promise<void>): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await action(...args);
    } catch (error) {
      if (TokenomyError.isInstance(error)) {
        process.stderr.write(`tokenomy: ${error.message} (${error.code})\n`);
        process.exitCode = 2;
        return;
      }
      if (error instanceof RangeError || (error as NodeJS.ErrnoException)?.code === "ENOENT") {
        process.stderr.write(`tokenomy: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`tokenomy: unexpected error\n${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  };
}

export type RunCommand = typeof runCommand;
