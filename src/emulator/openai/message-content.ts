import { imageSizeFromBase64, openAiImageTokens } from "../image-tokens.js";
import { isRecord } from "../invalid-request.js";

export interface ContentMeasure {
  text: string;
  imageTokens: number;
  identity: string;
}

/**
 * Text and image cost of OpenAI message content: a string, or parts of type `text` /
 * `input_text` / `output_text` / `refusal`, `image_url` / `input_image`, `input_file`.
 */
export function measureOpenAiContent(content: unknown): ContentMeasure {
  if (typeof content === "string") return { text: content, imageTokens: 0, identity: "" };
  if (!Array.isArray(content)) return { text: "", imageTokens: 0, identity: "" };
  let text = "";
  let imageTokens = 0;
  let identity = "";
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (typeof part.text === "string") text += part.text;
    else if (typeof part.refusal === "string") text += part.refusal;
    const image = part.image_url;
    const url = typeof image === "string" ? image : isRecord(image) && typeof image.url === "string" ? image.url : undefined;
    if (url !== undefined || part.type === "input_image") {
      const detail = (isRecord(image) ? image.detail : part.detail) as string | undefined;
      const data = url ?? (typeof part.file_id === "string" ? part.file_id : "");
      imageTokens += openAiImageTokens(data.startsWith("data:") ? imageSizeFromBase64(data) : undefined, detail);
      identity += `${data.length}:${data.slice(0, 64)}:${data.slice(-64)}`;
    }
    if (part.type === "input_file" && typeof part.file_data === "string") text += part.file_data.slice(0, 4096);
  }
  return { text, imageTokens, identity };
}
