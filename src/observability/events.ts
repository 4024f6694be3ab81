// The event bus: the pipeline says what happened to each request; observers (usage writer,
// metrics, request log) subscribe. Observers run synchronously and must only record: a slow or
// failing observer can never stall or break a response.

import { concatBytes } from "../shared/index.ts";
import type { UsageRecord } from "../store/index.ts";
import { createUsageCoster, type PriceFn, type UsageCoster } from "./usage-cost.ts";

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

export type EventBus = {
  emit(event: ProxyEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(observer: Observer): () => void;
  /** The cost_usd of a usage record about to be emitted, from the app's price table. */
  costOf: UsageCoster;
};

export type EventBusOptions = {
  /** Prices usage records; without it every record that used tokens is unpriced (null). */
  price?: PriceFn;
};

export function createEventBus(
  onObserverError: (error: unknown) => void,
  options: EventBusOptions = {},
): EventBus {
  let observers: Observer[] = [];
  return {
    costOf: createUsageCoster(options.price),
    emit(event) {
      for (const observer of observers) {
        try {
          observer(event);
        } catch (error: unknown) {
          onObserverError(error);
        }
      }
    },
    subscribe(observer) {
      observers = [...observers, observer];
      return () => {
        observers = observers.filter((other) => other !== observer);
      };
    },
  };
}

/** The response body as it passed: the joined stream chunks, or the buffered body. */
export function exchangeResponseBytes(exchange: Exchange): Uint8Array | null {
  const chunks = exchange.stream_chunks;
  return chunks === null ? exchange.response_body : concatBytes(chunks);
}
