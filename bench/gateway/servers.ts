import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";

export interface BenchServer {
  name: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, "../..");

/** Starts a server process and waits for its `READY <port>` line (or a port announced otherwise). */
export function startServer(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; port?: number; readyPattern?: RegExp; cpus?: string } = {}): Promise<BenchServer> {
  const [file, argv]: [string, string[]] = options.cpus ? ["taskset", ["-c", options.cpus, command, ...args]] : [command, args];
  const child = spawn(file, argv, { cwd: root, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\d+)/.exec(output);
      const port = ready ? Number(ready[1]) : options.readyPattern?.test(output) ? options.port : undefined;
      if (port === undefined) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      // BENCH_SERVER_LOG=DIR keeps each server's later output (for example --trace-gc) in DIR/NAME.log.
      const logDirectory = process.env.BENCH_SERVER_LOG;
      if (logDirectory) {
        const log = createWriteStream(join(logDirectory, `${name.replace(/[^\w+-]/g, "_")}.log`));
        child.stdout?.pipe(log);
        child.stderr?.pipe(log);
      } else {
        child.stdout?.resume();
        child.stderr?.resume();
      }
      resolve({
        name,
        port,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            child.kill("SIGCONT"); // the bench may have left it stopped (SIGSTOP)
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
}

/** Runs a TypeScript file of this repository in a child Node process. */
export function startTsServer(name: string, file: string, args: string[] = [], cpus?: string): Promise<BenchServer> {
  // BENCH_NODE_FLAGS: extra Node flags for the servers (for example --trace-gc), split on spaces.
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  return startServer(name, process.execPath, [...flags, "--import", "tsx", file, ...args], { env: { NODE_ENV: "production" }, ...(cpus ? { cpus } : {}) });
}
