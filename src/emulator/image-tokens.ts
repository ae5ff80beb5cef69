/**
 * Token estimates for images. The emulator does not decode images; when a base64 PNG or GIF is
 * given it reads the size from the header, otherwise it assumes a typical photo. Documented rules:
 *
 * - OpenAI (vision pricing guide): `detail: "low"` costs 85 tokens; high/auto scales the image to
 *   fit 2048x2048, then its short side to 768, and costs 85 + 170 per 512-px tile. Unknown size:
 *   a 1024x1024 image, 765 tokens.
 * - Anthropic (vision guide): about width * height / 750 tokens after scaling the long edge to at
 *   most 1568 px. Unknown size: 1,600 tokens (the documented ceiling of ~1.15 megapixels).
 */
export const OPENAI_LOW_DETAIL_IMAGE_TOKENS = 85;
export const OPENAI_UNKNOWN_IMAGE_TOKENS = 765;
export const ANTHROPIC_UNKNOWN_IMAGE_TOKENS = 1600;

export interface ImageSize {
  width: number;
  height: number;
}

/** Width and height of a base64 PNG or GIF (from a data URL or raw base64), if recognisable. */
export function imageSizeFromBase64(data: string): ImageSize | undefined {
  const comma = data.startsWith("data:") ? data.indexOf(",") : -1;
  const head = Buffer.from(data.slice(comma + 1, comma + 1 + 64), "base64");
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47) {
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  }
  if (head.length >= 10 && head.toString("latin1", 0, 3) === "GIF") {
    return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  }
  return undefined;
}

export function openAiImageTokens(size: ImageSize | undefined, detail: string | undefined): number {
  if (detail === "low") return OPENAI_LOW_DETAIL_IMAGE_TOKENS;
  if (!size || size.width <= 0 || size.height <= 0) return OPENAI_UNKNOWN_IMAGE_TOKENS;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shortSide = Math.min(width, height);
  if (shortSide > 768) {
    width *= 768 / shortSide;
    height *= 768 / shortSide;
  }
  const tiles = Math.ceil(width / 512) * Math.ceil(height / 512);
  return OPENAI_LOW_DETAIL_IMAGE_TOKENS + 170 * tiles;
}

export function anthropicImageTokens(size: ImageSize | undefined): number {
  if (!size || size.width <= 0 || size.height <= 0) return ANTHROPIC_UNKNOWN_IMAGE_TOKENS;
  const scale = Math.min(1, 1568 / Math.max(size.width, size.height));
  return Math.max(1, Math.ceil((size.width * scale * size.height * scale) / 750));
}
