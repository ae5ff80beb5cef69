import { Socket } from "node:net";

/** Connection strings of the servers CI provides (overridable for other machines). */
export const POSTGRES_URL = process.env.TOKENOMY_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.TOKENOMY_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(Number(port), hostname, () => done(true));
  });
}

/**
 * Whether a server-backed suite should run. In CI (or with TOKENOMY_TEST_SERVERS=1) a missing
 * server is an error that fails the run loudly; elsewhere the suite is skipped with a message
 * saying so, so that the plain test command works on a machine with no servers.
 */
export async function serverAvailable(name: "postgres" | "redis"): Promise<boolean> {
  const url = name === "postgres" ? POSTGRES_URL : REDIS_URL;
  const ok = await reachable(url);
  const required = process.env.CI === "true" || process.env.TOKENOMY_TEST_SERVERS === "1";
  if (!ok && required) throw new Error(`${name} is required (CI) but not reachable at ${url}`);
  if (!ok) process.stderr.write(`\n[tokenomy tests] ${name} not reachable at ${url}: its suite is SKIPPED (set CI=true to require it)\n`);
  return ok;
}
