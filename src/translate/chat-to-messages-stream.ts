// Chat completion chunks → Anthropic SSE events: message_start, content blocks in order (thinking,
// text, one per tool call), message_delta with stop_reason and usage, then message_stop.

import type { AnswerOptions } from "./answer-options.ts";
import { type BlockSequence, createBlockSequence, event } from "./anthropic-block-sequence.ts";
import { isChunkWithoutAnswer } from "./chat-chunks.ts";
import { arrayAt, isRecord, type JsonObject, recordAt, stringAt } from "./json-values.ts";
import { finishToAnthropicStop } from "./stop-reasons.ts";
import { readReasoningText, readThinkingBlocks } from "./thinking-blocks.ts";
import {
  createToolCallAssembler,
  type ToolCallAssembler,
  type ToolCallTarget,
} from "./tool-call-assembler.ts";
import { readChatUsage, toAnthropicUsage, type UsageCounts, zeroUsage } from "./usage-counts.ts";
import { doneMarker, type EventTranslator, type WireEvent } from "./wire-event.ts";

export function createChatToMessagesStream(options: AnswerOptions): EventTranslator {
  const blocks = createBlockSequence();
  const stream: Stream = {
    options,
    blocks,
    tools: createToolCallAssembler(
      toolUseBlocks(blocks, () => `toolu_${stream.id || "translated"}`),
    ),
    id: "",
    started: false,
    ended: false,
    finishReason: undefined,
    refused: false,
    usage: { ...zeroUsage },
  };
  return {
    translate({ data }) {
      if (stream.ended) return [];
      if (data === doneMarker) return finish(stream);
      if (!isRecord(data)) return [];
      if (isRecord(data.error)) {
        stream.ended = true;
        return [toAnthropicErrorEvent(data.error)];
      }
      if (isChunkWithoutAnswer(data)) return [];
      const events = begin(stream, data);
      if (isRecord(data.usage)) stream.usage = readChatUsage(data.usage);
      const choice = firstChoice(data);
      if (choice !== undefined) events.push(...onChoice(stream, choice));
      return events;
    },
    // some servers close the stream without [DONE]; a finished answer still completes
    end: () => (stream.ended || stream.finishReason === undefined ? [] : finish(stream)),
  };
}

// --- internal ---

type Stream = {
  options: AnswerOptions;
  blocks: BlockSequence;
  tools: ToolCallAssembler;
  id: string;
  started: boolean;
  ended: boolean;
  finishReason: unknown;
  refused: boolean;
  usage: UsageCounts;
};

function toAnthropicErrorEvent(error: JsonObject): WireEvent {
  const message = stringAt(error, "message") ?? "upstream stream failed";
  const type =
    stringAt(error, "type") === "invalid_request_error" ? "invalid_request_error" : "api_error";
  return event("error", { type: "error", error: { type, message } });
}

function begin(stream: Stream, chunk: unknown): WireEvent[] {
  if (stream.started) return [];
  stream.started = true;
  stream.id = stringAt(chunk, "id") ?? "";
  return [messageStart(stream.id, stringAt(chunk, "model") || stream.options.requestedModel)];
}

function onChoice(stream: Stream, choice: JsonObject): WireEvent[] {
  const delta = recordAt(choice, "delta");
  const events = thinkingEvents(delta, stream.blocks);
  events.push(...textEvents(delta, stream));
  for (const call of arrayAt(delta, "tool_calls")) events.push(...stream.tools.onDelta(call));
  if (typeof choice.finish_reason === "string") {
    stream.finishReason = choice.finish_reason;
    events.push(...stream.tools.flush(), ...stream.blocks.stop());
  }
  return events;
}

function finish(stream: Stream): WireEvent[] {
  stream.ended = true;
  const stop_reason = stream.refused ? "refusal" : finishToAnthropicStop(stream.finishReason);
  const delta = { stop_reason, stop_sequence: null };
  const messageDelta = { type: "message_delta", delta, usage: toAnthropicUsage(stream.usage) };
  return [
    ...begin(stream, {}),
    ...stream.tools.flush(),
    ...stream.blocks.stop(),
    event("message_delta", messageDelta),
    event("message_stop", { type: "message_stop" }),
  ];
}

function toolUseBlocks(blocks: BlockSequence, idPrefix: () => string): ToolCallTarget {
  return {
    open: (index, id, name) =>
      blocks.start(`tool:${index}`, {
        type: "tool_use",
        id: id || `${idPrefix()}_${index}`,
        name,
        input: {},
      }),
    appendArguments: (text) => blocks.delta({ type: "input_json_delta", partial_json: text }),
    close: () => blocks.stop(),
    get openIndex() {
      const key = blocks.openKey;
      return key?.startsWith("tool:") ? Number(key.slice("tool:".length)) : undefined;
    },
  };
}

const emptyThinking = { type: "thinking", thinking: "", signature: "" };

/** Only choice 0: an Anthropic client never asks for n > 1. */
function firstChoice(chunk: JsonObject): JsonObject | undefined {
  for (const choice of arrayAt(chunk, "choices")) {
    if (isRecord(choice) && (choice.index ?? 0) === 0) return choice;
  }
  return undefined;
}

function thinkingEvents(delta: JsonObject | undefined, blocks: BlockSequence): WireEvent[] {
  const events: WireEvent[] = [];
  const text = readReasoningText(delta);
  if (text !== "") {
    if (blocks.openKey !== "thinking") events.push(...blocks.start("thinking", emptyThinking));
    events.push(...blocks.delta({ type: "thinking_delta", thinking: text }));
  }
  // a signed thinking_blocks entry finishes a block: its signature closes the one streamed so far
  for (const block of readThinkingBlocks(delta)) {
    if (block.type === "redacted_thinking") {
      events.push(...blocks.whole({ type: "redacted_thinking", data: block.data }));
      continue;
    }
    const streaming = blocks.openKey === "thinking";
    if (!streaming) events.push(...blocks.start("thinking", emptyThinking));
    if (!streaming && block.thinking !== "") {
      events.push(...blocks.delta({ type: "thinking_delta", thinking: block.thinking }));
    }
    if (block.signature === "") continue;
    events.push(...blocks.delta({ type: "signature_delta", signature: block.signature }));
    events.push(...blocks.stop());
  }
  return events;
}

function textEvents(delta: JsonObject | undefined, stream: Stream): WireEvent[] {
  const refusal = stringAt(delta, "refusal") ?? "";
  if (refusal !== "") stream.refused = true;
  const blocks = stream.blocks;
  const text = `${stringAt(delta, "content") ?? ""}${refusal}`;
  if (text === "") return [];
  const events = blocks.openKey === "text" ? [] : blocks.start("text", { type: "text", text: "" });
  events.push(...blocks.delta({ type: "text_delta", text }));
  return events;
}

function messageStart(id: string, model: string): WireEvent {
  const message = {
    id,
    type: "message",
    role: "assistant",
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    // OpenAI reports usage only at the end: message_delta carries the real counts
    usage: { input_tokens: 0, output_tokens: 0 },
  };
  return event("message_start", { type: "message_start", message });
}
