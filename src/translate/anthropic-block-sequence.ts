// Anthropic content blocks in stream order: one open block at a time, indices counted up, each
// block stopped before the next one starts (what @anthropic-ai/sdk's accumulator relies on).

import type { JsonObject } from "./json-values.ts";
import type { WireEvent } from "./wire-event.ts";

export type BlockKey = "text" | "thinking" | `tool:${number}`;

export type BlockSequence = {
  /** The open block, or undefined. */
  readonly openKey: BlockKey | undefined;
  /** Stops the open block (if another) and starts `contentBlock` under `key`. */
  start(key: BlockKey, contentBlock: JsonObject): WireEvent[];
  delta(delta: JsonObject): WireEvent[];
  stop(): WireEvent[];
  /** A block that starts and stops at once (redacted_thinking). */
  whole(contentBlock: JsonObject): WireEvent[];
};

export function createBlockSequence(): BlockSequence {
  let openKey: BlockKey | undefined;
  let index = -1;
  const stop = (): WireEvent[] => {
    if (openKey === undefined) return [];
    openKey = undefined;
    return [event("content_block_stop", { type: "content_block_stop", index })];
  };
  const start = (key: BlockKey, contentBlock: JsonObject): WireEvent[] => {
    const events = stop();
    openKey = key;
    index++;
    const started = { type: "content_block_start", index, content_block: contentBlock };
    events.push(event("content_block_start", started));
    return events;
  };
  return {
    get openKey() {
      return openKey;
    },
    start,
    delta: (delta) => [event("content_block_delta", { type: "content_block_delta", index, delta })],
    stop,
    whole: (contentBlock) => {
      const events = start("thinking", contentBlock);
      events.push(...stop());
      return events;
    },
  };
}

export function event(name: string, data: JsonObject): WireEvent {
  return { name, data };
}
