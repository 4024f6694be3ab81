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
  const at = which === "last" ? lastKey(view) : firstKey(view);
  if (at === -1) return undefined;
  const start = view.indexOf(openBrace, at + key.length);
  if (start === -1 || !onlyColonBetween(view, at + key.length, start)) return undefined;
  const end = matchingBrace(view, start);
  if (end === -1) return undefined;
  try {
    return JSON.parse(view.toString("utf8", start, end + 1));
  } catch {
    return undefined;
  }
}

// --- internal ---

// an escaped \"usage\" inside a string is content, not the key
function lastKey(view: Buffer): number {
  let at = view.lastIndexOf(key);
  while (at > 0 && view[at - 1] === backslash) at = view.lastIndexOf(key, at - 1);
  return at;
}

function firstKey(view: Buffer): number {
  let at = view.indexOf(key);
  while (at > 0 && view[at - 1] === backslash) at = view.indexOf(key, at + key.length);
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
