import type { IncomingHttpHeaders } from "node:http";

/** Headers that describe one hop, or that the gateway itself sets, never copied across. */
const notForwardedUp = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "content-length",
  "authorization",
  "x-api-key",
  // The gateway must read usage out of the body, so it asks for it uncompressed.
  "accept-encoding",
  "expect",
]);

const notForwardedDown = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "trailer",
  "upgrade",
]);

/**
 * The client's headers as the upstream should get them: hop-by-hop headers, the client's key and
 * `x-tokenomy-*` attribution headers removed; everything else (SDK headers, `anthropic-version`,
 * `anthropic-beta`, `openai-organization`, tracing) passes through.
 */
export function upstreamHeaders(client: IncomingHttpHeaders, keyHeader: string | undefined, keyValue: string | undefined, defaults: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in client) {
    if (notForwardedUp.has(name) || name.startsWith("x-tokenomy-")) continue;
    const value = client[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  for (const name in defaults) headers[name] ??= defaults[name]!;
  if (keyHeader !== undefined && keyValue !== undefined) headers[keyHeader] = keyValue;
  return headers;
}

/** The upstream's response headers as the client should get them. */
export function downstreamHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name in upstream) {
    if (notForwardedDown.has(name)) continue;
    const value = upstream[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
