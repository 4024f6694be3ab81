// Chat content parts (text, image_url, file) as Anthropic content blocks.

import { decodeBase64Text, parseDataUrl } from "./data-url.ts";
import { isPresent, isRecord, type JsonObject, recordAt, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";

/** String content or an array of parts, at `path` (e.g. "messages[2].content"). */
export function toAnthropicBlocks(
  content: unknown,
  path: string,
  context: RequestContext,
): JsonObject[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part, i) => toAnthropicBlock(part, `${path}[${i}]`, context));
}

// --- internal ---

const anthropicImageTypes = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

function toAnthropicBlock(part: unknown, path: string, context: RequestContext): JsonObject[] {
  const type = stringAt(part, "type");
  let block: JsonObject | undefined;
  if (type === "text" || type === "refusal") {
    const text = stringAt(part, "text") ?? stringAt(part, "refusal") ?? "";
    if (text === "") return [];
    block = { type: "text", text };
  } else if (type === "image_url") {
    block = toImageBlock(recordAt(part, "image_url"), `${path}.image_url`, context);
  } else if (type === "file") {
    block = toDocumentBlock(recordAt(part, "file"), `${path}.file`, context);
  } else if (type === "input_audio") {
    context.refuse(path, "audio input cannot be sent to anthropic-messages");
  } else {
    context.drop(path);
    return [];
  }
  // Anthropic-aware clients mark cache breakpoints on parts: keep them
  if (isRecord(part) && isPresent(part.cache_control)) block.cache_control = part.cache_control;
  return [block];
}

function toImageBlock(
  imageUrl: JsonObject | undefined,
  path: string,
  context: RequestContext,
): JsonObject {
  const url = stringAt(imageUrl, "url") ?? "";
  if (isPresent(imageUrl?.detail)) context.drop(`${path}.detail`);
  const inline = parseDataUrl(url);
  if (inline === undefined) return { type: "image", source: { type: "url", url } };
  if (!anthropicImageTypes.has(inline.mediaType)) {
    context.refuse(`${path}.url`, `anthropic-messages cannot read ${inline.mediaType} images`);
  }
  return {
    type: "image",
    source: { type: "base64", media_type: inline.mediaType, data: inline.base64 },
  };
}

function toDocumentBlock(
  file: JsonObject | undefined,
  path: string,
  context: RequestContext,
): JsonObject {
  if (isPresent(file?.file_id)) {
    context.refuse(`${path}.file_id`, "OpenAI file ids cannot be sent to anthropic-messages");
  }
  const fileData = stringAt(file, "file_data") ?? "";
  // OpenAI also takes bare base64 PDF data without the data: prefix
  const inline = parseDataUrl(fileData) ?? { mediaType: "application/pdf", base64: fileData };
  const title = stringAt(file, "filename");
  const titled = title === undefined ? {} : { title };
  if (inline.mediaType === "application/pdf") {
    return {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: inline.base64 },
      ...titled,
    };
  }
  if (inline.mediaType.startsWith("text/")) {
    const data = decodeBase64Text(inline.base64);
    if (data === undefined)
      return context.refuse(`${path}.file_data`, "the file data is not base64");
    return {
      type: "document",
      source: { type: "text", media_type: "text/plain", data },
      ...titled,
    };
  }
  if (anthropicImageTypes.has(inline.mediaType)) {
    return {
      type: "image",
      source: { type: "base64", media_type: inline.mediaType, data: inline.base64 },
    };
  }
  return context.refuse(
    `${path}.file_data`,
    `anthropic-messages cannot read ${inline.mediaType} files`,
  );
}
