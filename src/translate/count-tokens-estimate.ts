// A local estimate of a request's input tokens, for count_tokens against non-Anthropic providers:
// about four characters a token for text, a fixed cost for each image or binary document. Not the
// usage fallback (observability/usage/request-text.ts), which counts only prompt text for a row
// the upstream reported no tokens for; a client asking what a request costs also pays for its
// tools, images and per-message overhead.

import { arrayAt, isRecord, type JsonObject, stringAt } from "./json-values.ts";
import type { ApiDialect } from "./types.ts";

export function countTokensEstimate(dialect: ApiDialect, body: Record<string, unknown>): number {
  const request: JsonObject = isRecord(body) ? body : {};
  const turns = dialect === "openai-responses" ? request.input : request.messages;
  const tally = { chars: 0, fixed: 0 };
  countValue(request.system, tally);
  countValue(request.instructions, tally);
  countValue(turns, tally);
  const tools = arrayAt(request, "tools");
  if (tools.length > 0) tally.chars += JSON.stringify(tools).length;
  const messageCount = Array.isArray(turns) ? turns.length : typeof turns === "string" ? 1 : 0;
  return Math.ceil(tally.chars / charsPerToken) + tally.fixed + messageCount * tokensPerMessage;
}

// --- internal ---

const charsPerToken = 4;
// the role and separators each message costs in the chat formats
const tokensPerMessage = 4;
// Anthropic's estimate for a typical ~1 megapixel image (width × height / 750)
const tokensPerImage = 1600;

// markers and identifiers, not text the model reads
const unreadFields = new Set([
  "type",
  "role",
  "id",
  "tool_use_id",
  "tool_call_id",
  "call_id",
  "signature",
  "media_type",
  "cache_control",
]);

const mediaTypes = new Set(["image", "image_url", "input_image", "document", "file", "input_file"]);

/** Text anywhere in the value counts; images and documents count as a fixed number. */
function countValue(value: unknown, tally: { chars: number; fixed: number }): void {
  if (typeof value === "string") {
    tally.chars += value.length;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) countValue(item, tally);
    return;
  }
  if (!isRecord(value)) return;
  const type = stringAt(value, "type");
  const textSource = stringAt(value.source, "type") === "text";
  if (type !== undefined && mediaTypes.has(type) && !textSource) {
    tally.fixed += tokensPerImage;
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (!unreadFields.has(key)) countValue(field, tally);
  }
}
