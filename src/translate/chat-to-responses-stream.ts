// Chat completion chunks → Responses API events: response.created, output items with their
// deltas, then response.completed (or response.incomplete) with the whole output and usage.

import type { AnswerOptions } from "./answer-options.ts";
import { nowSeconds } from "./answer-options.ts";
import { isChunkWithoutAnswer } from "./chat-chunks.ts";
import { toResponsesLogprobs } from "./chat-to-responses-response.ts";
import { arrayAt, isRecord, type JsonObject, numberAt, recordAt, stringAt } from "./json-values.ts";
import { createItemIds, type ResponseFields, toResponseObject } from "./responses-envelope.ts";
import { createResponsesItems, type ResponsesItems } from "./responses-stream-items.ts";
import { finishToResponsesEnding } from "./stop-reasons.ts";
import {
  readReasoningText,
  readThinkingBlocks,
  redactedThinkingPrefix,
} from "./thinking-blocks.ts";
import {
  createToolCallAssembler,
  type ToolCallAssembler,
  type ToolCallTarget,
} from "./tool-call-assembler.ts";
import { readChatUsage, toResponsesUsage, type UsageCounts } from "./usage-counts.ts";
import { doneMarker, type EventTranslator, type WireEvent } from "./wire-event.ts";

export function createChatToResponsesStream(options: AnswerOptions): EventTranslator {
  let sequence = 0;
  const stream: Stream = {
    options,
    emit: (type, fields) => ({
      name: type,
      data: { type, sequence_number: sequence++, ...fields },
    }),
    ended: false,
    finishReason: undefined,
    usage: undefined,
    started: undefined,
  };
  return {
    translate({ data }) {
      if (stream.ended) return [];
      if (data === doneMarker) return finish(stream);
      if (!isRecord(data)) return [];
      if (isRecord(data.error)) return fail(stream, data.error);
      return onChunk(stream, data);
    },
    // some servers close the stream without [DONE]; a finished answer still completes
    end: () => (stream.ended || stream.finishReason === undefined ? [] : finish(stream)),
  };
}

// --- internal ---

type Started = {
  items: ResponsesItems;
  tools: ToolCallAssembler;
  fields: Pick<ResponseFields, "id" | "createdAt" | "model">;
};

type Stream = {
  options: AnswerOptions;
  emit: (type: string, fields: JsonObject) => WireEvent;
  ended: boolean;
  finishReason: unknown;
  usage: UsageCounts | undefined;
  started: Started | undefined;
};

function begin(stream: Stream, chunk: unknown): { events: WireEvent[]; started: Started } {
  if (stream.started) return { events: [], started: stream.started };
  const ids = createItemIds(stringAt(chunk, "id") ?? "");
  const createdAt = numberAt(chunk, "created") ?? nowSeconds(stream.options.clock);
  const model = stringAt(chunk, "model") || stream.options.requestedModel;
  const items = createResponsesItems(stream.emit, ids.item);
  const started = {
    items,
    tools: createToolCallAssembler(functionCallItems(items)),
    fields: { id: ids.response, createdAt, model },
  };
  stream.started = started;
  const response = responseObject(stream, "in_progress", null);
  const events = [
    stream.emit("response.created", { response }),
    stream.emit("response.in_progress", { response }),
  ];
  return { events, started };
}

function responseObject(
  stream: Stream,
  status: ResponseFields["status"],
  details: JsonObject | null,
): JsonObject {
  const done = status !== "in_progress";
  const fields: ResponseFields = {
    ...(stream.started?.fields ?? { id: "", createdAt: 0, model: "" }),
    status,
    incompleteDetails: details,
    output: done ? (stream.started?.items.output ?? []) : [],
    usage: done && stream.usage ? toResponsesUsage(stream.usage) : null,
  };
  return toResponseObject(fields, stream.options.clientRequest);
}

function onChunk(stream: Stream, chunk: JsonObject): WireEvent[] {
  if (isChunkWithoutAnswer(chunk)) return [];
  const { events, started } = begin(stream, chunk);
  if (isRecord(chunk.usage)) stream.usage = readChatUsage(chunk.usage);
  const choice = arrayAt(chunk, "choices").find((c) => isRecord(c) && (c.index ?? 0) === 0);
  if (!isRecord(choice)) return events;
  events.push(...onDelta(choice, started));
  if (typeof choice.finish_reason === "string") {
    stream.finishReason = choice.finish_reason;
    events.push(...started.tools.flush(), ...started.items.close());
  }
  return events;
}

function finish(stream: Stream): WireEvent[] {
  stream.ended = true;
  const { events, started } = begin(stream, {});
  events.push(...started.tools.flush(), ...started.items.close());
  const ending = finishToResponsesEnding(stream.finishReason);
  const type = ending.status === "completed" ? "response.completed" : "response.incomplete";
  const response = responseObject(stream, ending.status, ending.incomplete_details);
  events.push(stream.emit(type, { response }));
  return events;
}

function fail(stream: Stream, error: JsonObject): WireEvent[] {
  stream.ended = true;
  const code = stringAt(error, "code") ?? stringAt(error, "type") ?? null;
  const message = stringAt(error, "message") ?? "upstream stream failed";
  return [stream.emit("error", { code, message, param: null })];
}

function onDelta(choice: JsonObject, { items, tools }: Started): WireEvent[] {
  const delta = recordAt(choice, "delta");
  const events: WireEvent[] = [];
  const reasoning = readReasoningText(delta);
  if (reasoning !== "") events.push(...items.reasoningText(reasoning));
  for (const block of readThinkingBlocks(delta)) {
    if (block.type === "redacted_thinking") {
      events.push(
        ...items.close(),
        ...items.sealReasoning(`${redactedThinkingPrefix}${block.data}`),
      );
      continue;
    }
    if (items.openKind !== "reasoning" && block.thinking !== "") {
      events.push(...items.reasoningText(block.thinking));
    }
    if (block.signature !== "") events.push(...items.sealReasoning(block.signature));
  }
  const content = stringAt(delta, "content") ?? "";
  if (content !== "") events.push(...items.text(content, toResponsesLogprobs(choice.logprobs)));
  const refusal = stringAt(delta, "refusal") ?? "";
  if (refusal !== "") events.push(...items.refusal(refusal));
  for (const call of arrayAt(delta, "tool_calls")) events.push(...tools.onDelta(call));
  return events;
}

function functionCallItems(items: ResponsesItems): ToolCallTarget {
  return {
    open: (index, id, name) => items.openFunction(index, id || `call_${index}`, name),
    appendArguments: (text) => items.functionArguments(text),
    close: () => items.close(),
    get openIndex() {
      const kind = items.openKind;
      return kind?.startsWith("function:") ? Number(kind.slice("function:".length)) : undefined;
    },
  };
}
