import type { z } from "zod";
import { TokenomyError } from "../../core/errors/index.js";
import type { GatewayRuntime } from "../runtime.js";
import { describeIssues } from "../config/load.js";

export interface AdminRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; `{}` when the request had none. */
  body: Record<string, unknown>;
  runtime: GatewayRuntime;
}

export interface AdminResponse {
  status: number;
  body: unknown;
}

/** One admin endpoint. `path` may hold `:name` segments, read from `params`. */
export interface AdminRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  handle(request: AdminRequest): Promise<AdminResponse>;
}

/** Validates an admin body strictly; errors name the field. */
export function parseAdminBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) throw new TokenomyError("invalid_request", describeIssues(result.error, "body"));
  return result.data;
}

/** Matches a route path against a request path, returning its params. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split("/");
  const actual = path.split("/");
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < wanted.length; index++) {
    const part = wanted[index]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(actual[index]!);
    else if (part !== actual[index]) return undefined;
  }
  return params;
}
