// The event bus: the pipeline says what happened to each request; observers (usage writer,
// metrics, request log) subscribe. Observers run synchronously and must only record: a slow or
// failing observer can never stall or break a response.

import { concatBytes } from "../shared/index.ts";
import type { UsageRecord } from "../store/index.ts";

/**
 * The raw exchange of a request sampled for tracing (or kept for debug body logging); redaction
 * happens in the observers that write it out.
 */
export type Exchange = {
  /** Sampled for a trace; false when kept only for debug logging. */
  traced: boolean;
  /** The request's query string with its "?", or "". */
  query: string;
  request_headers: Headers;
  request_body: Uint8Array | null;
  response_headers: Headers | null;
  /** A non-streamed response body. */
  response_body: Uint8Array | null;
  /** A streamed response's bytes as they passed, up to the capture limit. */
  stream_chunks: Uint8Array[] | null;
  stream_truncated: boolean;
};

export type ProxyEvent =
  | { type: "request_received"; request_id: string; method: string; path: string }
  | { type: "attempt_started"; request_id: string; provider: string; attempt: number }
  | {
      type: "response_started";
      request_id: string;
      provider: string;
      status: number;
      ttfb_ms: number;
      streaming: boolean;
    }
  /** A request failed: before an answer, or mid-stream; the message is client-safe. */
  | {
      type: "request_failed";
      request_id: string;
      status: number;
      error_class: string;
      message: string;
    }
  /** Exactly once per proxied request, however it ended. */
  | {
      type: "response_finished";
      record: UsageRecord;
      method: string;
      path: string;
      /** Providers whose attempts failed before the one that answered (or all of them). */
      failed_attempts: readonly string[];
      /** Present when the request was sampled for tracing or bodies are logged. */
      exchange?: Exchange;
    };

export type Observer = (event: ProxyEvent) => void;
export type ProxyEventType = ProxyEvent["type"];

export type EventBus = {
  emit(event: ProxyEvent): void;
  /** Whether anyone listens to this type: the pipeline builds no event nobody reads. */
  listens(type: ProxyEventType): boolean;
  /** Subscribes to the given types (default every type); returns the unsubscribe function. */
  subscribe(observer: Observer, types?: readonly ProxyEventType[]): () => void;
};

// a Record so that a new event type cannot be left out of the list
const eventTypes: Record<ProxyEventType, true> = {
  request_received: true,
  attempt_started: true,
  response_started: true,
  request_failed: true,
  response_finished: true,
};
const everyType = Object.keys(eventTypes) as ProxyEventType[];

export function createEventBus(onObserverError: (error: unknown) => void): EventBus {
  const byType = new Map<ProxyEventType, Observer[]>(everyType.map((type) => [type, []]));
  return {
    emit(event) {
      for (const observer of byType.get(event.type) ?? []) {
        try {
          observer(event);
        } catch (error: unknown) {
          onObserverError(error);
        }
      }
    },
    listens: (type) => (byType.get(type)?.length ?? 0) > 0,
    subscribe(observer, types = everyType) {
      for (const type of types) byType.set(type, [...(byType.get(type) ?? []), observer]);
      return () => {
        for (const type of types) {
          byType.set(
            type,
            (byType.get(type) ?? []).filter((other) => other !== observer),
          );
        }
      };
    },
  };
}

/** The response body as it passed: the joined stream chunks, or the buffered body. */
export function exchangeResponseBytes(exchange: Exchange): Uint8Array | null {
  const chunks = exchange.stream_chunks;
  return chunks === null ? exchange.response_body : concatBytes(chunks);
}
