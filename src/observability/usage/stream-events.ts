// What each API's streamed events say about usage and generated text, and which substrings an
// event's JSON must contain to say anything (so most others are never parsed).

import { arrayAt, type JsonRecord, recordAt } from "./json-fields.ts";
import { anthropicDeltaChars, openAIChoiceChars } from "./output-text.ts";
import {
  readAnthropicUsage,
  readEmbeddingsUsage,
  readOpenAIUsage,
  readResponsesUsage,
} from "./reported-usage.ts";
import { mergeReported, type ReportedUsage, type UsageKind } from "./usage.ts";

export type StreamState = { reported: ReportedUsage; outputChars: number };

export type StreamEventReader = {
  /** An event that contains none of these cannot carry usage or text. */
  markers: readonly string[];
  read(event: JsonRecord, state: StreamState): void;
};

export function streamEventReader(kind: Exclude<UsageKind, "other">): StreamEventReader {
  return readers[kind];
}

// --- internal ---

const readers: Record<Exclude<UsageKind, "other">, StreamEventReader> = {
  // the last chunk carries usage when stream_options.include_usage; earlier ones "usage": null
  openai_chat: {
    markers: ['"usage"', '"content"', '"arguments"', '"refusal"', '"reasoning_content"'],
    read: readOpenAIChunk,
  },
  openai_completion: { markers: ['"usage"', '"text"'], read: readOpenAIChunk },
  openai_embeddings: {
    markers: ['"usage"'],
    read: (event, state) => {
      if (event.usage != null) mergeReported(state.reported, readEmbeddingsUsage(event.usage));
    },
  },
  // response.completed (or .incomplete / .failed) carries response.usage
  openai_responses: { markers: ['"usage"', '.delta"'], read: readResponsesEvent },
  anthropic_messages: { markers: ['"usage"', '"content_block_delta"'], read: readAnthropicEvent },
};

function readOpenAIChunk(event: JsonRecord, state: StreamState): void {
  for (const choice of arrayAt(event, "choices")) state.outputChars += openAIChoiceChars(choice);
  if (event.usage != null) mergeReported(state.reported, readOpenAIUsage(event.usage));
}

const responsesTextDeltas = new Set([
  "response.output_text.delta",
  "response.refusal.delta",
  "response.function_call_arguments.delta",
  "response.reasoning_text.delta",
  "response.reasoning_summary_text.delta",
]);

function readResponsesEvent(event: JsonRecord, state: StreamState): void {
  if (typeof event.type === "string" && responsesTextDeltas.has(event.type)) {
    if (typeof event.delta === "string") state.outputChars += event.delta.length;
    return;
  }
  const usage = recordAt(recordAt(event, "response"), "usage");
  if (usage) mergeReported(state.reported, readResponsesUsage(usage));
}

function readAnthropicEvent(event: JsonRecord, state: StreamState): void {
  switch (event.type) {
    case "content_block_delta":
      state.outputChars += anthropicDeltaChars(event.delta);
      return;
    case "message_start": {
      // its output_tokens is a placeholder (0 or 1); the real count comes in message_delta
      const { output: _placeholder, ...input } = readAnthropicUsage(
        recordAt(recordAt(event, "message"), "usage"),
      );
      mergeReported(state.reported, input);
      return;
    }
    case "message_delta":
      // cumulative counts: the latest wins
      mergeReported(state.reported, readAnthropicUsage(event.usage));
      return;
  }
}
