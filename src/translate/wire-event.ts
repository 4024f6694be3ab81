// The events stream translators exchange: an SSE event name and its parsed JSON data.

import { parseJson } from "./json-values.ts";
import type { SseEvent } from "./sse-decoder.ts";

/** `data` is parsed JSON, or the raw text when it is not JSON (e.g. "[DONE]"). */
export type WireEvent = { name: string | undefined; data: unknown };

/** One stream direction as a state machine over events. */
export type EventTranslator = {
  translate(event: WireEvent): WireEvent[];
  /** The upstream ended; anything the translator still owes the client. */
  end(): WireEvent[];
};

export const doneMarker = "[DONE]";

export function toWireEvent(event: SseEvent): WireEvent {
  const parsed = event.data === doneMarker ? undefined : parseJson(event.data);
  return { name: event.name, data: parsed === undefined ? event.data : parsed };
}

export function encodeWireEvents(events: readonly WireEvent[]): Uint8Array | null {
  if (events.length === 0) return null;
  let text = "";
  for (const event of events) {
    const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
    text +=
      event.name === undefined ? `data: ${data}\n\n` : `event: ${event.name}\ndata: ${data}\n\n`;
  }
  return encoder.encode(text);
}

/** Two translators in a row: the first one's output is the second one's input. */
export function chainTranslators(first: EventTranslator, second: EventTranslator): EventTranslator {
  return {
    translate: (event) => first.translate(event).flatMap((inner) => second.translate(inner)),
    end: () => [...first.end().flatMap((inner) => second.translate(inner)), ...second.end()],
  };
}

// --- internal ---

const encoder = new TextEncoder();
