// Upstream SSE streams the stream translators are tested against, one per known failure.

import { anthropicSse, chatSse } from "./stream-helpers.ts";

const message = (usage: object) => ({
  type: "message_start",
  message: {
    id: "msg_01",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5",
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
  },
});
const start = (index: number, block: object) => ({
  type: "content_block_start",
  index,
  content_block: block,
});
const delta = (index: number, d: object) => ({ type: "content_block_delta", index, delta: d });
const stop = (index: number) => ({ type: "content_block_stop", index });
const end = (stopReason: string, usage: object) => [
  { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage },
  { type: "message_stop" },
];

/** Signed thinking, text with multi-byte characters, two tool calls; message_start with zero usage. */
export const anthropicToolStream = anthropicSse([
  message({ input_tokens: 0, output_tokens: 0 }),
  { type: "ping" },
  start(0, { type: "thinking", thinking: "", signature: "" }),
  delta(0, { type: "thinking_delta", thinking: "Two cities, " }),
  delta(0, { type: "thinking_delta", thinking: "two calls." }),
  delta(0, { type: "signature_delta", signature: "EqQBCgIYAhIM1gbcDa9GJwZA" }),
  stop(0),
  start(1, { type: "text", text: "" }),
  delta(1, { type: "text_delta", text: "Checking ☀️ in Paris " }),
  delta(1, { type: "text_delta", text: "and Rome." }),
  stop(1),
  start(2, { type: "tool_use", id: "toolu_01", name: "get_weather", input: {} }),
  delta(2, { type: "input_json_delta", partial_json: "" }),
  delta(2, { type: "input_json_delta", partial_json: '{"city": "Par' }),
  delta(2, { type: "input_json_delta", partial_json: 'is"}' }),
  stop(2),
  start(3, { type: "tool_use", id: "toolu_02", name: "get_weather", input: {} }),
  delta(3, { type: "input_json_delta", partial_json: '{"city": "Rome"}' }),
  stop(3),
  ...end("tool_use", {
    input_tokens: 25,
    cache_creation_input_tokens: 40,
    cache_read_input_tokens: 1200,
    output_tokens: 87,
  }),
]);

export const anthropicRefusalStream = anthropicSse([
  message({ input_tokens: 10, output_tokens: 1 }),
  start(0, { type: "text", text: "" }),
  delta(0, { type: "text_delta", text: "I can't help with that." }),
  stop(0),
  ...end("refusal", { output_tokens: 7 }),
]);

export const anthropicStructuredStream = anthropicSse([
  message({ input_tokens: 10, output_tokens: 1 }),
  start(0, { type: "tool_use", id: "toolu_09", name: "structured_output", input: {} }),
  delta(0, { type: "input_json_delta", partial_json: '{"answer":' }),
  delta(0, { type: "input_json_delta", partial_json: ' "42"}' }),
  stop(0),
  ...end("tool_use", { output_tokens: 9 }),
]);

/** Overloaded mid-stream: Anthropic's error event after the first text. */
export const anthropicErrorStream =
  anthropicSse([
    message({ input_tokens: 10, output_tokens: 1 }),
    start(0, { type: "text", text: "" }),
    delta(0, { type: "text_delta", text: "Partial" }),
  ]) +
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';

const chunkBase = {
  id: "chatcmpl-01",
  object: "chat.completion.chunk",
  created: 1730000000,
  model: "gpt-4o",
};
const chunk = (d: object, finish: string | null = null) => ({
  ...chunkBase,
  choices: [{ index: 0, delta: d, logprobs: null, finish_reason: finish }],
});
const call = (index: number, fields: object) => ({ tool_calls: [{ index, ...fields }] });

/**
 * Reasoning with a signature, text, then two tool calls: the first with its name and whole
 * arguments in one chunk, the second with an empty arguments delta and its arguments only in
 * the finishing chunk; usage with cached tokens at the end.
 */
export const chatToolStream = chatSse([
  chunk({ role: "assistant", content: "" }),
  chunk({ reasoning_content: "Two cities, " }),
  chunk({ reasoning_content: "two calls." }),
  chunk({
    thinking_blocks: [{ type: "thinking", thinking: "Two cities, two calls.", signature: "sig-9" }],
  }),
  chunk({ content: "Checking ☀️ in Paris " }),
  chunk({ content: "and Rome." }),
  chunk(
    call(0, {
      id: "call_1",
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"Paris"}' },
    }),
  ),
  chunk(
    call(1, { id: "call_2", type: "function", function: { name: "get_weather", arguments: "" } }),
  ),
  chunk(call(1, { function: { arguments: "" } })),
  { ...chunk(call(1, { function: { arguments: '{"city":"Rome"}' } }), "tool_calls") },
  {
    ...chunkBase,
    choices: [],
    usage: {
      prompt_tokens: 1265,
      completion_tokens: 87,
      total_tokens: 1352,
      prompt_tokens_details: { cached_tokens: 1200, cache_write_tokens: 40 },
    },
  },
]);

/** A tool call, then text: the tool block must be closed before the text block starts. */
export const chatToolThenTextStream = chatSse([
  chunk({ role: "assistant", content: null }),
  chunk(
    call(0, { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":1}' } }),
  ),
  chunk({ content: "Also, a note." }),
  chunk({}, "tool_calls"),
  {
    ...chunkBase,
    choices: [],
    usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 },
  },
]);

/**
 * Two calls the way some OpenAI-compatible servers send them: the first name in pieces, the
 * second call announced before the first one's arguments, then argument deltas 0, 1, 0, 1.
 */
export const chatInterleavedToolStream = chatSse([
  chunk(call(0, { id: "call_a", type: "function", function: { name: "get_", arguments: "" } })),
  chunk(call(0, { function: { name: "weather" } })),
  chunk(call(1, { id: "call_b", type: "function", function: { name: "get_time" } })),
  chunk(call(0, { function: { arguments: '{"x":' } })),
  chunk(call(1, { function: { arguments: '{"y":' } })),
  chunk(call(0, { function: { arguments: "1}" } })),
  chunk(call(1, { function: { arguments: "2}" } })),
  chunk({}, "tool_calls"),
]);

export const chatRefusalStream = chatSse([
  chunk({ role: "assistant", content: null, refusal: "" }),
  chunk({ refusal: "I can't " }),
  chunk({ refusal: "help with that." }),
  chunk({}, "stop"),
  {
    ...chunkBase,
    choices: [],
    usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 },
  },
]);

/** A mid-stream failure the way OpenAI sends one: an error object in a data line, no [DONE]. */
export const chatErrorStream =
  chatSse([chunk({ role: "assistant", content: "" }), chunk({ content: "Partial" })], false) +
  'data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n';
