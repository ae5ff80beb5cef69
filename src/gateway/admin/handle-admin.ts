import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TokenomyError } from "../../core/errors/index.js";
import { asTokenomyError, sendError, sendJson } from "../http/error-response.js";
import { readJsonObject } from "../http/read-json.js";
import { presentedKey } from "../identify.js";
import type { GatewayRuntime } from "../runtime.js";
import { matchPath } from "./admin-route.js";
import { adminRoutes } from "./routes.js";

/** Serves `/admin/*`: checks the admin key, matches the route table, answers JSON. */
export async function handleAdmin(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  try {
    checkAdminKey(runtime.config.adminKey, presentedKey(request.headers));
    const method = request.method ?? "GET";
    let pathMatched = false;
    for (const route of adminRoutes) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const body = method === "GET" || method === "DELETE" ? {} : (await readJsonObject(request, runtime.config.maxBodyBytes)).body;
      const answer = await route.handle({ params, query, body, runtime });
      sendJson(response, answer.status, answer.body);
      return;
    }
    if (pathMatched) throw new TokenomyError("method_not_allowed", `${method} is not allowed on ${path}`);
    throw new TokenomyError("unknown_route", `no admin route ${method} ${path}`);
  } catch (error) {
    sendError(response, asTokenomyError(error), "openai");
  }
}

function checkAdminKey(adminKey: string | undefined, presented: string | undefined): void {
  if (adminKey === undefined) throw new TokenomyError("forbidden", "the admin API is disabled: start the gateway with --admin-key or adminKey in config");
  if (presented === undefined) throw new TokenomyError("missing_key", "the admin API needs the admin key as `Authorization: Bearer <key>`");
  const expected = Buffer.from(adminKey);
  const actual = Buffer.from(presented);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new TokenomyError("invalid_key", "wrong admin key");
}
