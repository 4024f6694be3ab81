// The event bus: the pipeline says what happened to each request; observers (usage writer,
// metrics, request log) subscribe. Observers run synchronously and must only record: a slow or
// failing observer can never stall or break a response.

import type { UsageRecord } from "../store/index.ts";

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
  /** Exactly once per proxied request, however it ended. */
  | {
      type: "response_finished";
      record: UsageRecord;
      method: string;
      path: string;
      /** Providers whose attempts failed before the one that answered (or all of them). */
      failed_attempts: readonly string[];
    };

export type Observer = (event: ProxyEvent) => void;

export type EventBus = {
  emit(event: ProxyEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(observer: Observer): () => void;
};

export function createEventBus(onObserverError: (error: unknown) => void): EventBus {
  let observers: Observer[] = [];
  return {
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
