// Cuts a body to a byte limit for storage without splitting a UTF-8 character.

export type ClippedBody = { text: string; truncated: boolean };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The bytes up to the limit, cut before a character (a view: nothing is copied). */
export function clipBytes(
  bytes: Uint8Array,
  maxBytes: number,
): { bytes: Uint8Array; truncated: boolean } {
  const limit = Math.max(0, Math.floor(maxBytes));
  if (bytes.byteLength <= limit) return { bytes, truncated: false };
  return { bytes: bytes.subarray(0, characterStart(bytes, limit)), truncated: true };
}

export function clipBody(bytes: Uint8Array | string, maxBytes: number): ClippedBody {
  const limit = Math.max(0, Math.floor(maxBytes));
  // a UTF-16 code unit is at most 3 UTF-8 bytes, so a short string needs no encoding
  if (typeof bytes === "string" && bytes.length * 3 <= limit) {
    return { text: bytes, truncated: false };
  }
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  if (data.length <= limit) return { text: decoder.decode(data), truncated: false };
  return { text: decoder.decode(data.subarray(0, characterStart(data, limit))), truncated: true };
}

// --- internal ---

/** The cut at or before `limit` that lands before a character's first byte. */
function characterStart(data: Uint8Array, limit: number): number {
  let end = limit;
  // step back over continuation bytes (10xxxxxx); a character has at most 3 of them, so
  // invalid input cannot walk further back
  while (end > 0 && end > limit - 3 && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
  return end;
}
