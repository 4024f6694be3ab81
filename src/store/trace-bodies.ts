// How the sqlite trace store keeps bodies: a large one as a zstd frame of its UTF-8 text (a BLOB
// in the TEXT column), a small one as text. A streamed answer's raw events repeat the same JSON
// fifty times over, and writing them whole cost more than proxying the stream (9 KB of SSE: 17 µs
// of sqlite and page cache per row, against 6 µs to compress it to a few hundred bytes).

/** Bodies of at least this many characters (or bytes) are packed; smaller ones cost more so. */
const packFromChars = 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body as the sqlite column keeps it. */
export type StoredBody = string | Uint8Array | null;

/** A body as sqlite keeps it: bytes are packed as they are, never decoded and encoded again. */
export function packBody(body: string | Uint8Array | null): StoredBody {
  if (body === null) return null;
  if (typeof body !== "string") {
    return body.byteLength < packFromChars ? decoder.decode(body) : pack(body);
  }
  return body.length < packFromChars ? body : pack(encoder.encode(body));
}

function pack(utf8: Uint8Array): Uint8Array {
  return Bun.zstdCompressSync(utf8, { level: 1 });
}

/** The text of a stored body; rows written before packing hold plain text, which passes as is. */
export function unpackBody(stored: StoredBody): string | null {
  if (stored === null || typeof stored === "string") return stored;
  return decoder.decode(Bun.zstdDecompressSync(stored));
}
