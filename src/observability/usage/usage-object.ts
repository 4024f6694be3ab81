// Finds the top-level `usage` object of a JSON answer from its end, without parsing the whole
// body: every API puts usage after the content, so a 1 MB answer costs a short scan, not a parse.

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const key = Buffer.from('"usage"');

/**
 * The parsed usage object, or undefined when the bytes hold none (or it does not parse). The
 * last one by default; `first` for the first (an Anthropic stream's message_start).
 */
export function findUsageObject(bytes: Uint8Array, which: "last" | "first" = "last"): unknown {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // a `"usage": null` (OpenAI's chunks before the last) is passed over for the next key
  for (let at = nextKey(view, which, -1); at !== -1; at = nextKey(view, which, at)) {
    const start = view.indexOf(openBrace, at + key.length);
    if (start === -1 || !onlyColonBetween(view, at + key.length, start)) continue;
    const end = matchingBrace(view, start);
    if (end === -1) return undefined;
    try {
      return JSON.parse(view.toString("utf8", start, end + 1));
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
function nextKey(view: Buffer, which: "last" | "first", from: number): number {
  let at = from;
  do {
    if (which === "first") at = view.indexOf(key, at === -1 ? 0 : at + key.length);
    else if (at === -1) at = view.lastIndexOf(key);
    else at = at === 0 ? -1 : view.lastIndexOf(key, at - 1);
  } while (at > 0 && view[at - 1] === backslash);
  return at;
}

function onlyColonBetween(view: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = view[i];
    if (byte !== 0x3a && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
      return false;
    }
  }
  return true;
}

function matchingBrace(view: Buffer, start: number): number {
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
