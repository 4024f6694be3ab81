// Upstream error bodies on their way to the client: read with a bound, and redacted (some
// upstreams echo the key they were sent in a 401 body) by the same redactor as logs and traces.

import { concatBytes } from "../shared/index.ts";

/** Error bodies past this are cut: an error message needs no more. */
export const maxErrorBodyBytes = 64 * 1024;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export async function readBoundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  // a declared length within the bound is read natively in one go, far cheaper than chunk by chunk
  if (declaredBodyLength(response.headers) <= maxBytes) return response.bytes();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    const room = maxBytes - total;
    chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    total += Math.min(chunk.byteLength, room);
    if (total >= maxBytes) break; // leaving the loop cancels the rest of the body
  }
  return concatBytes(chunks);
}

/** How many bytes reading the body yields, as declared; NaN when that is not known. */
export function declaredBodyLength(headers: Headers): number {
  // fetch decodes a compressed body: its content-length says nothing about what is read
  if (headers.has("content-encoding")) return Number.NaN;
  return Number(headers.get("content-length") ?? Number.NaN);
}

/** The body with every secret the redactor knows replaced; the same bytes when none was found. */
export function redactBody(body: Uint8Array, redact: (text: string) => string): Uint8Array {
  if (body.byteLength === 0) return body;
  const text = decoder.decode(body);
  const clean = redact(text);
  return clean === text ? body : encoder.encode(clean);
}
