// Anthropic SSE events → chat completion chunks, ending with the usage chunk (when asked) and [DONE].

import type { AnswerOptions } from "./answer-options.ts";
import { nowSeconds } from "./answer-options.ts";
import { isRecord, type JsonObject, numberAt, recordAt, stringAt } from "./json-values.ts";
import { anthropicStopToFinish } from "./stop-reasons.ts";
import { structuredOutputToolName } from "./structured-output.ts";
import {
  mergeAnthropicUsage,
  readAnthropicUsage,
  toChatUsage,
  type UsageCounts,
  zeroUsage,
} from "./usage-counts.ts";
import { doneMarker, type EventTranslator, type WireEvent } from "./wire-event.ts";

export function createMessagesToChatStream(options: AnswerOptions): EventTranslator {
  const state: StreamState = {
    id: "",
    model: options.requestedModel,
    created: nowSeconds(options.clock),
    blocks: new Map(),
    toolCalls: 0,
    usage: { ...zeroUsage },
    stopped: false,
    ended: false,
  };
  const chunk = (delta: JsonObject, finishReason: string | null = null): WireEvent => {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
    return { name: undefined, data: { ...chunkEnvelope(state), choices: [choice] } };
  };
  const handlers = createHandlers(state, options, chunk);
  return {
    translate(event) {
      if (state.ended || !isRecord(event.data)) return [];
      const handler = handlers[stringAt(event.data, "type") ?? ""];
      return handler ? handler(event.data) : [];
    },
    // a stop reason was seen but message_stop never came: the answer is whole, so it ends;
    // without one the upstream was cut, and an invented ending would hide that
    end: () => (state.ended || !state.stopped ? [] : finish(state, options)),
  };
}

// --- internal ---

type Block = {
  kind: "text" | "thinking" | "tool" | "output" | "other";
  toolIndex: number;
  thinking: string;
};

type StreamState = {
  id: string;
  model: string;
  created: number;
  blocks: Map<number, Block>;
  toolCalls: number;
  usage: UsageCounts;
  /** message_delta brought a stop reason. */
  stopped: boolean;
  ended: boolean;
};

type Chunk = (delta: JsonObject, finishReason?: string | null) => WireEvent;
type Handler = (data: JsonObject) => WireEvent[];

function createHandlers(
  state: StreamState,
  options: AnswerOptions,
  chunk: Chunk,
): Record<string, Handler> {
  return {
    message_start(data) {
      const message = recordAt(data, "message");
      state.id = stringAt(message, "id") ?? state.id;
      state.model = stringAt(message, "model") ?? state.model;
      state.usage = readAnthropicUsage(message?.usage);
      return [chunk({ role: "assistant", content: "" })];
    },
    content_block_start: (data) => startBlock(state, options, data, chunk),
    content_block_delta: (data) => blockDelta(state, data, chunk),
    message_delta(data) {
      state.usage = mergeAnthropicUsage(state.usage, recordAt(data, "usage"));
      const stopReason = recordAt(data, "delta")?.stop_reason;
      if (typeof stopReason === "string") state.stopped = true;
      // the forced structured-output tool ends with tool_use, but the client sees a plain answer
      const answered = stopReason === "tool_use" && state.toolCalls === 0;
      return [chunk({}, answered ? "stop" : anthropicStopToFinish(stopReason))];
    },
    message_stop: () => finish(state, options),
    error(data) {
      state.ended = true;
      const error = recordAt(data, "error");
      const type = stringAt(error, "type") ?? "api_error";
      const message = stringAt(error, "message") ?? "upstream stream failed";
      return [{ name: "error", data: { error: { message, type, param: null, code: type } } }];
    },
  };
}

function finish(state: StreamState, options: AnswerOptions): WireEvent[] {
  state.ended = true;
  const events: WireEvent[] = options.includeUsage ? [usageChunk(state)] : [];
  events.push({ name: undefined, data: doneMarker });
  return events;
}

function startBlock(
  state: StreamState,
  options: AnswerOptions,
  data: JsonObject,
  chunk: Chunk,
): WireEvent[] {
  const block = recordAt(data, "content_block");
  const type = stringAt(block, "type");
  const index = numberAt(data, "index") ?? state.blocks.size;
  const entry: Block = { kind: "other", toolIndex: -1, thinking: "" };
  state.blocks.set(index, entry);
  if (type === "text") {
    entry.kind = "text";
    const text = stringAt(block, "text") ?? "";
    return text === "" ? [] : [chunk({ content: text })];
  }
  if (type === "thinking") {
    entry.kind = "thinking";
    entry.thinking = stringAt(block, "thinking") ?? "";
    return entry.thinking === "" ? [] : [chunk({ reasoning_content: entry.thinking })];
  }
  if (type === "redacted_thinking") {
    return [chunk({ thinking_blocks: [{ type, data: stringAt(block, "data") ?? "" }] })];
  }
  if (type !== "tool_use") return [];
  const input =
    isRecord(block?.input) && Object.keys(block.input).length > 0
      ? JSON.stringify(block.input)
      : "";
  if (options.structuredOutput && stringAt(block, "name") === structuredOutputToolName) {
    entry.kind = "output";
    return input === "" ? [] : [chunk({ content: input })];
  }
  entry.kind = "tool";
  entry.toolIndex = state.toolCalls++;
  const call = { index: entry.toolIndex, id: stringAt(block, "id") ?? "", type: "function" };
  return [
    chunk({
      tool_calls: [
        { ...call, function: { name: stringAt(block, "name") ?? "", arguments: input } },
      ],
    }),
  ];
}

function blockDelta(state: StreamState, data: JsonObject, chunk: Chunk): WireEvent[] {
  const block = state.blocks.get(numberAt(data, "index") ?? -1);
  const delta = recordAt(data, "delta");
  switch (stringAt(delta, "type")) {
    case "text_delta":
      return textChunk(stringAt(delta, "text"), (content) => chunk({ content }));
    case "thinking_delta": {
      const thinking = stringAt(delta, "thinking") ?? "";
      if (block) block.thinking += thinking;
      return textChunk(thinking, (reasoning_content) => chunk({ reasoning_content }));
    }
    case "signature_delta": {
      const signature = stringAt(delta, "signature") ?? "";
      const thinking = block?.thinking ?? "";
      return [chunk({ thinking_blocks: [{ type: "thinking", thinking, signature }] })];
    }
    case "input_json_delta": {
      const partial = stringAt(delta, "partial_json") ?? "";
      if (block?.kind === "output") return textChunk(partial, (content) => chunk({ content }));
      if (block?.kind !== "tool") return [];
      const call = { index: block.toolIndex, function: { arguments: partial } };
      return textChunk(partial, () => chunk({ tool_calls: [call] }));
    }
    default:
      return [];
  }
}

function textChunk(text: string | undefined, toChunk: (text: string) => WireEvent): WireEvent[] {
  return text === undefined || text === "" ? [] : [toChunk(text)];
}

function usageChunk(state: StreamState): WireEvent {
  const usage = toChatUsage(state.usage);
  return { name: undefined, data: { ...chunkEnvelope(state), choices: [], usage } };
}

function chunkEnvelope(state: StreamState): JsonObject {
  return {
    id: state.id,
    object: "chat.completion.chunk",
    created: state.created,
    model: state.model,
  };
}
