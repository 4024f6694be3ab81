// Responses content parts (input_text, input_image, input_file, output_text) as chat parts.

import { arrayAt, isPresent, type JsonObject, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";

/** A chat part and the Responses path it came from, so drops further on name the client's path. */
export type SourcedPart = { part: JsonObject; path: string };

/** String content or parts at `path` (e.g. "input[3].content"). */
export function toChatPartsFromResponses(
  content: unknown,
  path: string,
  context: RequestContext,
): SourcedPart[] {
  if (typeof content === "string") return [{ part: { type: "text", text: content }, path }];
  return arrayAt({ content }, "content").flatMap((part, i) => {
    const partPath = `${path}[${i}]`;
    return toChatPart(part, partPath, context).map((chat) => ({ part: chat, path: partPath }));
  });
}

// --- internal ---

function toChatPart(part: unknown, path: string, context: RequestContext): JsonObject[] {
  switch (stringAt(part, "type")) {
    case "input_text":
    case "output_text":
    case "text":
      return [{ type: "text", text: stringAt(part, "text") ?? "" }];
    case "refusal":
      return [{ type: "text", text: stringAt(part, "refusal") ?? "" }];
    case "input_image":
      return [toImagePart(part, path, context)];
    case "input_file":
      return [toFilePart(part, path, context)];
    default:
      context.drop(path);
      return [];
  }
}

function toImagePart(part: unknown, path: string, context: RequestContext): JsonObject {
  const url = stringAt(part, "image_url");
  if (url === undefined) {
    return context.refuse(`${path}.file_id`, "an image by file id cannot be sent to openai-chat");
  }
  const detail = stringAt(part, "detail");
  return { type: "image_url", image_url: detail === undefined ? { url } : { url, detail } };
}

function toFilePart(part: unknown, path: string, context: RequestContext): JsonObject {
  if (isPresent(stringAt(part, "file_url"))) {
    return context.refuse(`${path}.file_url`, "a file by URL cannot be sent to openai-chat");
  }
  const file: JsonObject = {};
  for (const key of ["file_data", "file_id", "filename"]) {
    const value = stringAt(part, key);
    if (value !== undefined) file[key] = value;
  }
  return { type: "file", file };
}
