// Output items of a Responses stream, one open at a time: reasoning, message (output_text or
// refusal parts), function_call; each item's done events are sent before the next item is added.

import type { JsonObject } from "./json-values.ts";
import {
  appendPart,
  appendSummary,
  at,
  type Emit,
  finishItem,
  type OpenItem,
  type OpenKind,
} from "./responses-item-events.ts";
import type { WireEvent } from "./wire-event.ts";

export type ResponsesItems = {
  readonly openKind: OpenKind | undefined;
  /** Every finished item, in output order. */
  readonly output: JsonObject[];
  reasoningText(text: string): WireEvent[];
  /** Finishes the open reasoning item with its signature (or a redacted block) as encrypted_content. */
  sealReasoning(encrypted: string): WireEvent[];
  text(text: string, logprobs: unknown[]): WireEvent[];
  refusal(text: string): WireEvent[];
  openFunction(chatIndex: number, callId: string, name: string): WireEvent[];
  functionArguments(delta: string): WireEvent[];
  close(): WireEvent[];
};

export function createResponsesItems(
  emit: Emit,
  nextId: (prefix: string) => string,
): ResponsesItems {
  const output: JsonObject[] = [];
  let open: OpenItem | undefined;
  const openItem = (kind: OpenKind, item: JsonObject): WireEvent[] => {
    const events = close();
    open = { kind, item, outputIndex: output.length, text: "", parts: [], part: undefined };
    const added = { output_index: open.outputIndex, item: { ...item } };
    events.push(emit("response.output_item.added", added));
    return events;
  };
  const close = (): WireEvent[] => {
    if (open === undefined) return [];
    const item = open;
    open = undefined;
    const events = finishItem(item, emit);
    output.push(item.item);
    events.push(
      emit("response.output_item.done", { output_index: item.outputIndex, item: item.item }),
    );
    return events;
  };
  const ensure = (
    kind: OpenKind,
    item: () => JsonObject,
  ): { events: WireEvent[]; item: OpenItem } => {
    const events = open?.kind === kind ? [] : openItem(kind, item());
    return { events, item: open as OpenItem };
  };
  const newReasoning = () => ({
    id: nextId("rs"),
    type: "reasoning",
    summary: [],
    encrypted_content: null,
  });
  const newMessage = () => ({
    id: nextId("msg"),
    type: "message",
    status: "in_progress",
    role: "assistant",
    content: [],
  });
  return {
    get openKind() {
      return open?.kind;
    },
    output,
    reasoningText(text) {
      const { events, item } = ensure("reasoning", newReasoning);
      events.push(...appendSummary(item, text, emit));
      return events;
    },
    sealReasoning(encrypted) {
      const { events, item } = ensure("reasoning", newReasoning);
      item.item.encrypted_content = encrypted;
      events.push(...close());
      return events;
    },
    text(text, logprobs) {
      const { events, item } = ensure("message", newMessage);
      events.push(...appendPart(item, "output_text", text, logprobs, emit));
      return events;
    },
    refusal(text) {
      const { events, item } = ensure("message", newMessage);
      events.push(...appendPart(item, "refusal", text, [], emit));
      return events;
    },
    openFunction(chatIndex, callId, name) {
      const item = {
        id: nextId("fc"),
        type: "function_call",
        status: "in_progress",
        call_id: callId,
        name,
        arguments: "",
      };
      return openItem(`function:${chatIndex}`, item);
    },
    functionArguments(delta) {
      if (open === undefined || !open.kind.startsWith("function:")) return [];
      open.text += delta;
      return [emit("response.function_call_arguments.delta", { ...at(open), delta })];
    },
    close,
  };
}
