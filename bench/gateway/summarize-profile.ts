import { readFileSync } from "node:fs";

/**
 * Self time of a `.cpuprofile` (from BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR"), by
 * function and by area (a folder of src/, a package, a Node module, the kernel's `writev`), idle
 * time left out. With a request count, figures are µs per request; a profiled server runs about
 * 1.5-2x slower, so compare profiles with each other, not with the bench's CPU per request.
 *
 * Usage: npx tsx bench/gateway/summarize-profile.ts FILE.cpuprofile [REQUESTS] [ROWS]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, requestsText, rowsText] = process.argv.slice(2);
if (!file) throw new Error("usage: summarize-profile.ts FILE.cpuprofile [REQUESTS] [ROWS]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const requests = Number(requestsText ?? 0);
const rows = Number(rowsText ?? 30);
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const { functionName, url } = nodes.get(id)!.callFrame;
  if (functionName === "(idle)") return;
  const microseconds = profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0;
  total += microseconds;
  const place = url.replace(/^.*\/(src|node_modules)\//, "$1/");
  add(byFunction, `${functionName || "(anonymous)"} ${place}`, microseconds);
  add(byArea, areaOf(url, functionName), microseconds);
});

const unit = requests > 0 ? "µs/request" : "% of busy time";
const scale = (microseconds: number) => (requests > 0 ? microseconds / requests : (100 * microseconds) / total);
process.stdout.write(`busy ${(total / 1e6).toFixed(2)} s; figures in ${unit}\n`);
for (const [title, map] of [["by area", byArea], ["by function", byFunction]] as const) {
  process.stdout.write(`\n${title}\n`);
  for (const [name, microseconds] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    process.stdout.write(`${scale(microseconds).toFixed(2).padStart(8)}  ${name}\n`);
  }
}

function add(map: Map<string, number>, key: string, microseconds: number): void {
  map.set(key, (map.get(key) ?? 0) + microseconds);
}

/** `src/<folder>`, `node_modules/<package>`, `node:<module>`, or the native frame's own name. */
function areaOf(url: string, functionName: string): string {
  const source = /\/src\/([^/]+)\//.exec(url);
  if (source) return `src/${source[1]}`;
  const dependency = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith("node:")) return url.replace(/^node:(internal\/)?/, "node:");
  return url === "" ? functionName : "other";
}
