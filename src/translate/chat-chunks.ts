// What every reader of chat completion chunks skips.

import { arrayAt, isRecord, type JsonObject } from "./json-values.ts";

/**
 * A chunk with no choice and no usage, such as Azure's first one (prompt_filter_results, an
 * empty id and model): it says nothing about the answer, so it must not open one.
 */
export function isChunkWithoutAnswer(chunk: JsonObject): boolean {
  return arrayAt(chunk, "choices").length === 0 && !isRecord(chunk.usage);
}
