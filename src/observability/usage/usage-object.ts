// Finds the top-level `usage` object of a JSON answer from its end, without parsing the whole
// body: every API puts usage after the content, so a 1 MB answer costs a short scan, not a parse.

import { indexOfBytes, lastIndexOfBytes } from "../../shared/index.ts";

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const key = Buffer.from('"usage"');
const decoder = new TextDecoder();

/**
 * The parsed usage object, or undefined when the bytes hold none (or it does not parse). The
 * last one by default; `first` for the first (an Anthropic stream's message_start).
 */
export function findUsageObject(bytes: Uint8Array, which: "last" | "first" = "last"): unknown {
  // a `"usage": null` (OpenAI's chunks before the last) is passed over for the next key
  for (let at = nextKey(bytes, which, -1); at !== -1; at = nextKey(bytes, which, at)) {
    const start = indexOfBytes(bytes, openBrace, at + key.length);
    if (start === -1 || !onlyColonBetween(bytes, at + key.length, start)) continue;
    const end = matchingBrace(bytes, start);
    if (end === -1) return undefined;
    try {
      return JSON.parse(decoder.decode(bytes.subarray(start, end + 1)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// --- internal ---

/**
 * The key's next place before `from` (last) or after it (first); `from` -1 starts at the end
 * (or the start). -1 when there is none. An escaped \"usage\" is content, not the key.
 */
function nextKey(view: Uint8Array, which: "last" | "first", from: number): number {
  let at = from;
  do {
    if (which === "first") at = indexOfBytes(view, key, at === -1 ? 0 : at + key.length);
    else if (at === -1) at = lastIndexOfBytes(view, key);
    else at = at === 0 ? -1 : lastIndexOfBytes(view, key, at - 1);
  } while (at > 0 && view[at - 1] === backslash);
  return at;
}

function onlyColonBetween(view: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = view[i];
    if (byte !== 0x3a && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
      return false;
    }
  }
  return true;
}

function matchingBrace(view: Uint8Array, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < view.length; i++) {
    const byte = view[i];
    if (inString) {
      if (byte === backslash) i++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openBrace) depth++;
    else if (byte === closeBrace && --depth === 0) return i;
  }
  return -1;
}
