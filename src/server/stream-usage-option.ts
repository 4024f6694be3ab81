// usage.include_stream_usage: asks an OpenAI stream for its final usage chunk when the client did
// not, so every streamed request has real token counts, and strips that chunk from what the
// client receives, so the client sees exactly the stream it asked for.

import { isRecord } from "../shared/index.ts";
import type { StreamTransform } from "../upstream/index.ts";
import type { ClientBody } from "./request-body.ts";

export type StreamUsageRequest = { body: ClientBody; stripUsageChunk: boolean };

/** The body to send upstream, and whether the usage chunk must be hidden from the client. */
export function requestStreamUsage(body: ClientBody, pathname: string): StreamUsageRequest {
  const json = body.json;
  if (!json || !lacksStreamUsage(body, pathname)) return { body, stripUsageChunk: false };
  const options = isRecord(json.stream_options) ? json.stream_options : {};
  const withUsage = { ...json, stream_options: { ...options, include_usage: true } };
  return {
    body: { ...body, json: withUsage, bytes: encoder.encode(JSON.stringify(withUsage)) },
    stripUsageChunk: true,
  };
}

/** An OpenAI stream the client asked for without its usage chunk (one to add, and hide). */
export function lacksStreamUsage(body: ClientBody, pathname: string): boolean {
  const json = body.json;
  if (json?.stream !== true || !asksForCompletions(pathname)) return false;
  return !isRecord(json.stream_options) || json.stream_options.include_usage !== true;
}

/**
 * Drops the OpenAI usage-only chunk (`"choices":[]` with `usage`) from an SSE stream. Events pass
 * as soon as they are complete; only a partial event waits for its end.
 */
export function createUsageChunkStripper(): StreamTransform {
  const decoder = new TextDecoder();
  let pending = "";
  const take = (final: boolean): Uint8Array | null => {
    let out = "";
    let start = 0;
    for (;;) {
      const boundary = nextBoundary(pending, start);
      if (boundary === undefined) break;
      const event = pending.slice(start, boundary.end);
      if (!isUsageOnlyEvent(event)) out += event;
      start = boundary.end;
    }
    pending = pending.slice(start);
    if (final) {
      out += pending;
      pending = "";
    }
    return out === "" ? null : encoder.encode(out);
  };
  return {
    push(chunk) {
      pending += decoder.decode(chunk, { stream: true });
      return take(false);
    },
    flush() {
      pending += decoder.decode();
      return take(true);
    },
  };
}

// --- internal ---

const encoder = new TextEncoder();

function asksForCompletions(pathname: string): boolean {
  return pathname.endsWith("/chat/completions") || pathname.endsWith("/completions");
}

function nextBoundary(text: string, from: number): { end: number } | undefined {
  const lf = text.indexOf("\n\n", from);
  const crlf = text.indexOf("\r\n\r\n", from);
  if (lf === -1 && crlf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { end: crlf + 4 };
  return { end: lf + 2 };
}

function isUsageOnlyEvent(event: string): boolean {
  if (!event.includes('"usage"')) return false;
  const data = event
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trimStart())
    .join("\n");
  try {
    const parsed: unknown = JSON.parse(data);
    return (
      isRecord(parsed) &&
      Array.isArray(parsed.choices) &&
      parsed.choices.length === 0 &&
      isRecord(parsed.usage)
    );
  } catch {
    return false;
  }
}
