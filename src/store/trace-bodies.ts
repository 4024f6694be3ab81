// How the sqlite trace store keeps bodies: a large one as a zstd frame of its UTF-8 text (a BLOB
// in the TEXT column), a small one as text. A streamed answer's raw events repeat the same JSON
// fifty times over, and writing them whole cost more than proxying the stream (9 KB of SSE: 17 µs
// of sqlite and page cache per row, against 6 µs to compress it to a few hundred bytes).

/** Bodies of at least this many characters are compressed; smaller ones cost more to pack. */
const packFromChars = 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body as the sqlite column keeps it. */
export type StoredBody = string | Uint8Array | null;

export function packBody(text: string | null): StoredBody {
  if (text === null || text.length < packFromChars) return text;
  return Bun.zstdCompressSync(encoder.encode(text), { level: 1 });
}

/** The text of a stored body; rows written before packing hold plain text, which passes as is. */
export function unpackBody(stored: StoredBody): string | null {
  if (stored === null || typeof stored === "string") return stored;
  return decoder.decode(Bun.zstdDecompressSync(stored));
}
