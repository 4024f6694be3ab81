// How a cache entry is laid out in one Redis string: a JSON header line with the fields, then the
// body's bytes exactly as they are (no base64, no text decoding, so any bytes survive).

import { z } from "zod";
import type { CacheEntry } from "./types.ts";

/** Bumped when the layout changes, so an instance never misreads another version's entries. */
const formatVersion = 1;

// What another process wrote is outside data: checked, never trusted.
const headerSchema = z.strictObject({
  v: z.literal(formatVersion),
  status: z.number().int(),
  contentType: z.string(),
  streamed: z.boolean(),
  storedAt: z.number(),
  expiresAt: z.number(),
});

const newline = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toRedisValue(entry: CacheEntry): Uint8Array {
  const { body, status, contentType, streamed, storedAt, expiresAt } = entry;
  const fields = { v: formatVersion, status, contentType, streamed, storedAt, expiresAt };
  // JSON.stringify escapes control characters, so the header holds no raw newline
  const header = encoder.encode(`${JSON.stringify(fields)}\n`);
  const value = new Uint8Array(header.byteLength + body.byteLength);
  value.set(header);
  value.set(body, header.byteLength);
  return value;
}

/** Throws when the value is not an entry in this format (a foreign key, another version). */
export function toCacheEntry(value: Uint8Array): CacheEntry {
  const end = value.indexOf(newline);
  if (end === -1) throw new Error("unreadable redis cache entry: no header line");
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(value.subarray(0, end)));
  } catch (error: unknown) {
    throw new Error("unreadable redis cache entry: header is not JSON", { cause: error });
  }
  const parsed = headerSchema.safeParse(header);
  if (!parsed.success) {
    throw new Error(`unreadable redis cache entry: ${z.prettifyError(parsed.error)}`);
  }
  const { v: _version, ...fields } = parsed.data;
  // a plain Uint8Array view of the reply (getBuffer gives a Buffer), no copy
  const start = value.byteOffset + end + 1;
  return { ...fields, body: new Uint8Array(value.buffer, start, value.byteLength - end - 1) };
}
