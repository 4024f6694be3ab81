// The generated text in streamed events, measured without parsing them: the length of each
// string value under the keys an API streams its output in (content deltas, tool-call
// arguments, reasoning). For the estimate of a stream whose upstream reported no output.

import { indexOfBytes } from "../../shared/index.ts";
import type { UsageKind } from "./usage.ts";

const keys = (...names: string[]) => names.map((name) => Buffer.from(`"${name}"`));

// as bytes once: Buffer.indexOf would encode a string key on every call
const textKeys: Record<Exclude<UsageKind, "other">, readonly Buffer[]> = {
  openai_chat: keys("content", "arguments", "refusal", "reasoning_content"),
  openai_completion: keys("text"),
  openai_embeddings: [],
  openai_responses: keys("delta"),
  anthropic_messages: keys("text", "partial_json", "thinking"),
};

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;

/** Characters of output text in the events (escapes count as one; UTF-8 as characters). */
export function streamedTextChars(kind: Exclude<UsageKind, "other">, bytes: Uint8Array): number {
  let chars = 0;
  for (const key of textKeys[kind]) {
    // a key's quotes are unescaped, so it never matches inside a string: the next search may
    // start anywhere past this one
    for (
      let at = indexOfBytes(bytes, key);
      at !== -1;
      at = indexOfBytes(bytes, key, at + key.length)
    ) {
      const start = stringValueStart(bytes, at + key.length);
      if (start === -1) continue;
      const length = stringLength(bytes, start);
      if (length === -1) break;
      chars += length;
    }
  }
  return chars;
}

// --- internal ---

/** Just after the opening quote of the key's string value; -1 when the value is not a string. */
function stringValueStart(view: Uint8Array, from: number): number {
  let i = skipSpace(view, from);
  if (view[i] !== colon) return -1;
  i = skipSpace(view, i + 1);
  return view[i] === quote ? i + 1 : -1;
}

function skipSpace(view: Uint8Array, from: number): number {
  let i = from;
  while (view[i] === 0x20 || view[i] === 0x09) i++;
  return i;
}

/**
 * Characters up to the closing quote, in one pass (UTF-8 continuation bytes and escape
 * backslashes are not characters of their own); -1 when the string runs past the bytes.
 */
function stringLength(view: Uint8Array, start: number): number {
  let length = 0;
  for (let i = start; i < view.length; i++) {
    const byte = view[i] as number;
    if (byte === quote) return length;
    if ((byte & 0xc0) === 0x80) continue;
    // \uXXXX is one character; other escapes (\n, \", \\) are one too
    if (byte === backslash) i += view[i + 1] === 0x75 ? 5 : 1;
    length++;
  }
  return -1;
}
