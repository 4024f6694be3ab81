// The events inside one Responses output item: summary text, content parts, and the done events
// that finish an item.

import type { JsonObject } from "./json-values.ts";
import type { WireEvent } from "./wire-event.ts";

export type Emit = (type: string, fields: JsonObject) => WireEvent;

export type OpenKind = "reasoning" | "message" | `function:${number}`;

export type Part = { type: "output_text" | "refusal"; text: string; logprobs: unknown[] };

export type OpenItem = {
  kind: OpenKind;
  item: JsonObject;
  outputIndex: number;
  /** Reasoning summary text, or function arguments. */
  text: string;
  parts: JsonObject[];
  part: Part | undefined;
};

export function at(item: OpenItem): JsonObject {
  return { item_id: item.item.id, output_index: item.outputIndex };
}

export function appendSummary(item: OpenItem, text: string, emit: Emit): WireEvent[] {
  const events: WireEvent[] = [];
  const where = { ...at(item), summary_index: 0 };
  if (item.text === "") {
    events.push(
      emit("response.reasoning_summary_part.added", {
        ...where,
        part: { type: "summary_text", text: "" },
      }),
    );
  }
  item.text += text;
  events.push(emit("response.reasoning_summary_text.delta", { ...where, delta: text }));
  return events;
}

export function appendPart(
  item: OpenItem,
  type: Part["type"],
  text: string,
  logprobs: unknown[],
  emit: Emit,
): WireEvent[] {
  const events: WireEvent[] = [];
  if (item.part?.type !== type) {
    events.push(...finishPart(item, emit));
    item.part = { type, text: "", logprobs: [] };
    const part =
      type === "refusal"
        ? { type, refusal: "" }
        : { type, text: "", annotations: [], logprobs: [] };
    events.push(
      emit("response.content_part.added", { ...at(item), content_index: item.parts.length, part }),
    );
  }
  const part = item.part as Part;
  part.text += text;
  part.logprobs.push(...logprobs);
  const where = { ...at(item), content_index: item.parts.length };
  events.push(
    type === "refusal"
      ? emit("response.refusal.delta", { ...where, delta: text })
      : emit("response.output_text.delta", { ...where, delta: text, logprobs }),
  );
  return events;
}

export function finishItem(item: OpenItem, emit: Emit): WireEvent[] {
  if (item.kind === "reasoning") {
    if (item.text === "") return [];
    const where = { ...at(item), summary_index: 0 };
    const part = { type: "summary_text", text: item.text };
    item.item.summary = [part];
    return [
      emit("response.reasoning_summary_text.done", { ...where, text: item.text }),
      emit("response.reasoning_summary_part.done", { ...where, part }),
    ];
  }
  if (item.kind === "message") {
    const events = finishPart(item, emit);
    Object.assign(item.item, { status: "completed", content: item.parts });
    return events;
  }
  Object.assign(item.item, { status: "completed", arguments: item.text });
  const done = { ...at(item), arguments: item.text, name: item.item.name };
  return [emit("response.function_call_arguments.done", done)];
}

// --- internal ---

function finishPart(item: OpenItem, emit: Emit): WireEvent[] {
  const part = item.part;
  if (part === undefined) return [];
  item.part = undefined;
  const where = { ...at(item), content_index: item.parts.length };
  const done =
    part.type === "refusal"
      ? { type: "refusal", refusal: part.text }
      : { type: "output_text", text: part.text, annotations: [], logprobs: part.logprobs };
  item.parts.push(done);
  const partDone =
    part.type === "refusal"
      ? emit("response.refusal.done", { ...where, refusal: part.text })
      : emit("response.output_text.done", { ...where, text: part.text, logprobs: part.logprobs });
  return [partDone, emit("response.content_part.done", { ...where, part: done })];
}
