import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { TokenomyError } from "../core/errors/index.js";
import { handleAdmin } from "./admin/handle-admin.js";
import { asTokenomyError, errorShapeFor, sendError } from "./http/error-response.js";
import { routes } from "./routes.js";
import type { GatewayRuntime } from "./runtime.js";

/** The gateway's HTTP server: one small dispatch over the route table, no framework. */
export function createGatewayServer(runtime: GatewayRuntime, state: { draining: boolean }): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    try {
      dispatch(runtime, state, request, response);
    } catch (error) {
      sendError(response, asTokenomyError(error), errorShapeFor(request));
    }
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

function dispatch(runtime: GatewayRuntime, state: { draining: boolean }, request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (state.draining) {
    sendError(response, new TokenomyError("shutting_down", "the gateway is shutting down; retry"), errorShapeFor(request), { connection: "close" });
    return;
  }
  const byMethod = routes[path];
  if (byMethod) {
    const handler = byMethod[request.method ?? "GET"];
    if (!handler) {
      sendError(response, new TokenomyError("method_not_allowed", `${request.method} is not allowed on ${path}`), errorShapeFor(request), {
        allow: Object.keys(byMethod).join(", "),
      });
      return;
    }
    const done = handler(runtime, request, response);
    if (done) done.catch((error: unknown) => sendError(response, asTokenomyError(error), errorShapeFor(request)));
    return;
  }
  if (path === "/admin" || path.startsWith("/admin/")) {
    const query = new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1));
    void handleAdmin(runtime, request, response, path, query);
    return;
  }
  sendError(response, new TokenomyError("unknown_route", `no route ${request.method} ${path}`), errorShapeFor(request));
}
