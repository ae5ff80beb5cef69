/**
 * `npm run bench:report`: tokenomy vs ccusage's native binary on a log tree of at least 500 MB
 * built by replicating the shared Claude Code logs (`.bench/report-tree`, reused between runs).
 * Runs both alternately, prints the median wall time of each, their ratio, and peak memory, and
 * fails if the two disagree on any token total. tokenomy runs twice per round: reading every file
 * (`--no-cache`, the comparison with ccusage, which has no cache) and with its read cache filled.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { buildTree } from "./build-tree.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MINIMUM_BYTES = Number(process.env.BENCH_MIN_MB ?? 500) * 1024 * 1024;
const root = resolve(".bench");
const tree = join(root, "report-tree");
const configDirectory = join(root, "ccusage-config");

interface Run {
  wallMs: number;
  peakKb: number;
  /** User plus system CPU time, when /usr/bin/time is there to tell. */
  cpuMs?: number;
  stdout: string;
}

const GNU_TIME = "/usr/bin/time";
const timeReport = join(root, "time-report.txt");

/**
 * Runs a command, timing it. Peak memory and CPU time come from GNU time when it is installed;
 * otherwise peak memory is sampled from /proc (VmHWM) while the command runs.
 */
function measure(command: string, args: string[], environment: NodeJS.ProcessEnv): Promise<Run> {
  const timed = existsSync(GNU_TIME);
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = timed
      ? spawn(GNU_TIME, ["-f", "%U %S %M", "-o", timeReport, command, ...args], { env: environment, stdio: ["ignore", "pipe", "pipe"] })
      : spawn(command, args, { env: environment, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    let peakKb = 0;
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the process has exited
      }
    };
    const timer = setInterval(sample, 2);
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      sample();
    });
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", fail);
    child.on("exit", (code) => {
      const wallMs = performance.now() - started;
      clearInterval(timer);
      if (code !== 0) return fail(new Error(`${command} exited ${code}: ${Buffer.concat(errors).toString()}`));
      const run: Run = { wallMs, peakKb, stdout: Buffer.concat(chunks).toString() };
      if (timed) {
        const [user, system, maximumKb] = readFileSync(timeReport, "utf8").trim().split(/\s+/).slice(-3).map(Number);
        run.cpuMs = ((user ?? 0) + (system ?? 0)) * 1000;
        run.peakKb = maximumKb ?? peakKb;
      }
      done(run);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function ccusageBinary(): string {
  const binary = resolve(`node_modules/@ccusage/ccusage-${process.platform}-${process.arch}/bin/ccusage`);
  if (!existsSync(binary)) throw new Error(`ccusage's native binary is not installed for ${process.platform}-${process.arch} (${binary})`);
  chmodSync(binary, 0o755);
  return binary;
}

console.log(`building a log tree of at least ${MINIMUM_BYTES / 1024 / 1024} MiB in ${tree} ...`);
const { copies, bytes } = await buildTree(resolve("../shared/data/claude-code/projects"), tree, MINIMUM_BYTES);
console.log(`tree: ${copies} copies of the shared logs, ${(bytes / 1024 / 1024).toFixed(0)} MiB`);
console.log("building the CLI (tsup) ...");
execFileSync(process.execPath, [resolve("node_modules/tsup/dist/cli-default.js"), "--silent"], { stdio: "inherit" });

rmSync(configDirectory, { recursive: true, force: true });
mkdirSync(configDirectory, { recursive: true });
symlinkSync(join(tree, "projects"), join(configDirectory, "projects"));
const binary = ccusageBinary();

const readCache = join(root, "read-cache");
const tokenomyArguments = [resolve("dist/cli/main.js"), "report", join(tree, "projects"), "--by", "session", "--format", "json"];
// Cold: every file read afresh, as ccusage does. Warm: the read cache holds every file, as on any
// run after the first over logs that did not change (only changed files are read again).
const tokenomyCold = () => measure(process.execPath, [...tokenomyArguments, "--no-cache"], process.env);
const tokenomyWarm = () => measure(process.execPath, tokenomyArguments, { ...process.env, TOKENOMY_CACHE_DIR: readCache });
const ccusage = () =>
  measure(binary, ["claude", "session", "--json", "--offline", "--timezone", "UTC"], { ...process.env, CLAUDE_CONFIG_DIR: configDirectory, NO_COLOR: "1" });

// One untimed run each, so all start with the tree in the page cache (and the read cache filled).
rmSync(readCache, { recursive: true, force: true });
await tokenomyCold();
await tokenomyWarm();
await ccusage();
const cold: Run[] = [];
const warm: Run[] = [];
const theirs: Run[] = [];
for (let round = 0; round < ROUNDS; round++) {
  cold.push(await tokenomyCold());
  theirs.push(await ccusage());
  warm.push(await tokenomyWarm());
  console.log(`round ${round + 1}: tokenomy ${cold.at(-1)!.wallMs.toFixed(0)} ms (read cache: ${warm.at(-1)!.wallMs.toFixed(0)} ms), ccusage ${theirs.at(-1)!.wallMs.toFixed(0)} ms`);
}

const ourTotals = JSON.parse(cold[0]!.stdout).totals;
const warmTotals = JSON.parse(warm[0]!.stdout).totals;
const theirTotals = JSON.parse(theirs[0]!.stdout).totals;
const pairs: [string, number, number][] = [
  ["input", ourTotals.inputTokens, theirTotals.inputTokens],
  ["output", ourTotals.outputTokens, theirTotals.outputTokens],
  ["cache read", ourTotals.cacheReadTokens, theirTotals.cacheReadTokens],
  ["cache write", ourTotals.cacheWriteTokens, theirTotals.cacheCreationTokens],
];
const coldMs = median(cold.map((run) => run.wallMs));
const warmMs = median(warm.map((run) => run.wallMs));
const ccusageMs = median(theirs.map((run) => run.wallMs));
console.log("");
// Worker threads are used only when the machine is not overloaded (see workerCount), and a busy
// machine slows both programs unevenly: say how busy it was.
console.log(`machine:                ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(" ")}`);
console.log(`log tree:               ${(bytes / 1024 / 1024).toFixed(0)} MiB, ${ourTotals.calls} calls`);
const describeRuns = (runs: Run[]) => {
  const cpu = runs.every((run) => run.cpuMs !== undefined) ? `, median CPU ${median(runs.map((run) => run.cpuMs!)).toFixed(0)} ms` : "";
  return `(peak RSS ${(Math.max(...runs.map((run) => run.peakKb)) / 1024).toFixed(0)} MiB${cpu})`;
};
console.log(`tokenomy median wall:   ${coldMs.toFixed(0)} ms ${describeRuns(cold)}`);
console.log(`  with the read cache:  ${warmMs.toFixed(0)} ms ${describeRuns(warm)}`);
console.log(`ccusage  median wall:   ${ccusageMs.toFixed(0)} ms ${describeRuns(theirs)}`);
console.log(`ratio tokenomy/ccusage: ${(coldMs / ccusageMs).toFixed(2)} every file read; ${(warmMs / ccusageMs).toFixed(2)} with the read cache (below 1 means tokenomy is faster)`);
console.log(`cost: tokenomy $${ourTotals.costUsd}, ccusage $${theirTotals.totalCost}`);
for (const [name, our, their] of pairs) console.log(`${name.padEnd(12)} tokenomy ${our}  ccusage ${their}  ${our === their ? "equal" : "DIFFERENT"}`);
const mismatches = pairs.filter(([, our, their]) => our !== their);
if (mismatches.length > 0) {
  console.error(`token totals differ: ${mismatches.map(([name]) => name).join(", ")}`);
  process.exitCode = 1;
}
if (JSON.stringify(warmTotals) !== JSON.stringify(ourTotals)) {
  console.error("the report with the read cache differs from the report reading every file");
  process.exitCode = 1;
}
