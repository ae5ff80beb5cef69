import type { PromptSegment } from "../emulated-request.js";
import { anthropicImageTokens, imageSizeFromBase64 } from "../image-tokens.js";
import { InvalidRequest, isRecord } from "../invalid-request.js";

/** `cache_control: {type: "ephemeral", ttl?: "5m" | "1h"}` as a segment TTL. */
export function cacheTtlOf(block: Record<string, unknown>): PromptSegment["cacheTtl"] {
  const control = block.cache_control;
  if (!isRecord(control)) return undefined;
  if (control.type !== "ephemeral") throw new InvalidRequest("cache_control.type: Input should be 'ephemeral'");
  if (control.ttl !== undefined && control.ttl !== "5m" && control.ttl !== "1h") throw new InvalidRequest("cache_control.ttl: Input should be '5m' or '1h'");
  return control.ttl === "1h" ? "1h" : "5m";
}

function withoutCacheControl(block: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _cacheControl, ...rest } = block;
  return rest;
}

function imageSegment(block: Record<string, unknown>): PromptSegment {
  const source = isRecord(block.source) ? block.source : {};
  const data = typeof source.data === "string" ? source.data : typeof source.url === "string" ? source.url : "";
  const size = source.type === "base64" ? imageSizeFromBase64(data) : undefined;
  return { text: "", extraTokens: anthropicImageTokens(size), identity: `image:${data.length}:${data.slice(0, 64)}:${data.slice(-64)}` };
}

/**
 * One content block as a prompt segment. Text-like blocks count their text; images use the
 * documented estimate; base64 documents count one token per 8 base64 characters (about 6 bytes,
 * a coarse stand-in since PDF pages are not rendered); previous thinking blocks count nothing,
 * as the API drops them from earlier turns.
 */
export function blockSegment(block: unknown): PromptSegment {
  if (typeof block === "string") return { text: block, extraTokens: 0 };
  if (!isRecord(block)) throw new InvalidRequest("messages: content blocks must be objects");
  const cacheTtl = cacheTtlOf(block);
  let segment: PromptSegment;
  switch (block.type) {
    case "text":
      segment = { text: String(block.text ?? ""), extraTokens: 0 };
      break;
    case "image":
      segment = imageSegment(block);
      break;
    case "tool_use":
    case "server_tool_use":
      segment = { text: `${String(block.name ?? "")}${JSON.stringify(block.input ?? {})}`, extraTokens: 3 };
      break;
    case "tool_result": {
      const parts = typeof block.content === "string" ? [{ type: "text", text: block.content }] : Array.isArray(block.content) ? block.content : [];
      const inner = parts.map((part) => blockSegment(isRecord(part) ? withoutCacheControl(part) : part));
      segment = {
        text: inner.map((part) => part.text).join(""),
        extraTokens: 3 + inner.reduce((sum, part) => sum + part.extraTokens, 0),
        identity: `tool_result:${String(block.tool_use_id ?? "")}:${inner.map((part) => part.identity ?? "").join("")}`,
      };
      break;
    }
    case "document": {
      const source = isRecord(block.source) ? block.source : {};
      const data = typeof source.data === "string" ? source.data : "";
      segment = source.type === "text" ? { text: data, extraTokens: 0 } : { text: "", extraTokens: Math.ceil(data.length / 8), identity: `document:${data.length}:${data.slice(0, 64)}` };
      break;
    }
    case "thinking":
    case "redacted_thinking":
      segment = { text: "", extraTokens: 0, identity: String(block.signature ?? block.data ?? "") };
      break;
    default:
      segment = { text: JSON.stringify(withoutCacheControl(block)), extraTokens: 0 };
  }
  return cacheTtl ? { ...segment, cacheTtl } : segment;
}
