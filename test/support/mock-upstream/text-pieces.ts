// Text helpers for mock replies: word counts as token counts, chunk splitting and padding.

export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // space, tab, newline, carriage return, vertical tab, form feed
    const isSpace = code === 32 || (code >= 9 && code <= 13);
    if (!isSpace && !inWord) words++;
    inWord = !isSpace;
  }
  return words;
}

/** Splits text into exactly `count` roughly equal pieces (some empty when text is short). */
export function splitText(text: string, count: number): string[] {
  const pieces = Math.max(1, Math.floor(count));
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= pieces; i++) {
    let end = Math.round((i * text.length) / pieces);
    // never cut a surrogate pair in half
    if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
    if (end < start) end = start;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** Pads text with filler words until it is about `bytes` long (never shortens it). */
export function padText(text: string, bytes: number): string {
  const missing = bytes - text.length;
  if (missing <= 0) return text;
  const filler = " lorem";
  return text + filler.repeat(Math.ceil(missing / filler.length)).slice(0, missing);
}

// --- internal ---

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
