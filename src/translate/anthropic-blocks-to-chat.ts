// Anthropic user content blocks (text, image, document) as chat content parts.

import { toDataUrl } from "./data-url.ts";
import {
  arrayAt,
  isPresent,
  isRecord,
  type JsonObject,
  recordAt,
  stringAt,
} from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { joinTextBlocks } from "./text-blocks.ts";

/** One block at `path` (e.g. "messages[0].content[2]") as chat parts. */
export function toChatParts(block: unknown, path: string, context: RequestContext): JsonObject[] {
  if (isRecord(block) && isPresent(block.cache_control)) context.drop(`${path}.cache_control`);
  const type = stringAt(block, "type");
  if (type === "text") {
    const citations = isRecord(block) ? block.citations : undefined;
    if (isPresent(citations) && !(Array.isArray(citations) && citations.length === 0)) {
      context.drop(`${path}.citations`);
    }
    return [{ type: "text", text: stringAt(block, "text") ?? "" }];
  }
  if (type === "image") return [toImagePart(recordAt(block, "source"), `${path}.source`, context)];
  if (type === "document") return toDocumentParts(block, path, context);
  context.drop(path);
  return [];
}

/** Content that is a string or blocks, as chat parts. */
export function toChatPartsOf(
  content: unknown,
  path: string,
  context: RequestContext,
): JsonObject[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return arrayAt({ content }, "content").flatMap((block, i) =>
    toChatParts(block, `${path}[${i}]`, context),
  );
}

/** Chat parts as the plain string most OpenAI-compatible servers want, when they are all text. */
export function toChatContent(parts: JsonObject[]): string | JsonObject[] {
  const texts = parts.map((part) => part.text);
  return parts.every((part) => part.type === "text") ? joinTextBlocks(texts, "client") : parts;
}

// --- internal ---

function toImagePart(
  source: JsonObject | undefined,
  path: string,
  context: RequestContext,
): JsonObject {
  const type = stringAt(source, "type");
  if (type === "base64") {
    const url = toDataUrl(
      stringAt(source, "media_type") ?? "image/png",
      stringAt(source, "data") ?? "",
    );
    return { type: "image_url", image_url: { url } };
  }
  if (type === "url")
    return { type: "image_url", image_url: { url: stringAt(source, "url") ?? "" } };
  return context.refuse(
    path,
    `an image from a ${type ?? "missing"} source cannot be sent to openai-chat`,
  );
}

function toDocumentParts(block: unknown, path: string, context: RequestContext): JsonObject[] {
  const source = recordAt(block, "source");
  const title = stringAt(block, "title");
  for (const key of ["citations", "context"]) {
    if (isRecord(block) && isPresent(block[key])) context.drop(`${path}.${key}`);
  }
  const type = stringAt(source, "type");
  if (type === "base64") {
    const mediaType = stringAt(source, "media_type") ?? "application/pdf";
    const file_data = toDataUrl(mediaType, stringAt(source, "data") ?? "");
    return [{ type: "file", file: { filename: title ?? "document.pdf", file_data } }];
  }
  if (type === "text") {
    const data = stringAt(source, "data") ?? "";
    return [{ type: "text", text: title === undefined ? data : `${title}\n\n${data}` }];
  }
  if (type === "content") return toChatPartsOf(source?.content, `${path}.source.content`, context);
  return context.refuse(
    `${path}.source`,
    `a document from a ${type ?? "missing"} source cannot be sent to openai-chat`,
  );
}
