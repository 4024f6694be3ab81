// The mock upstream for integration tests and the benchmark: a real HTTP server with scripted replies.

export type { AnthropicMessage, AnthropicStreamOptions } from "./mock-upstream/anthropic-wire.ts";
export {
  anthropicErrorBody,
  anthropicMessageBody,
  anthropicStreamEvents,
} from "./mock-upstream/anthropic-wire.ts";
export type { ChatReplyInit } from "./mock-upstream/chat-responses.ts";
export type { DefaultReplySettings } from "./mock-upstream/default-reply.ts";
export { createDefaultReply, openAIAndAnthropicDefault } from "./mock-upstream/default-reply.ts";
export { fixturesDir, loadFixtureEvents, toSseEvents } from "./mock-upstream/fixture-events.ts";
export type {
  EmbeddingList,
  ModelList,
  TextCompletion,
} from "./mock-upstream/openai-endpoint-bodies.ts";
export type {
  ChatCompletion,
  ChatCompletionChunk,
  OpenAIChatChunksOptions,
} from "./mock-upstream/openai-wire.ts";
export {
  defaultModel,
  openAIChatChunks,
  openAIChatCompletion,
  openAIErrorBody,
} from "./mock-upstream/openai-wire.ts";
export type { MockOverrides } from "./mock-upstream/overrides.ts";
export { overrideHeaders } from "./mock-upstream/overrides.ts";
export type { SseReadResult, TimedSseEvent } from "./mock-upstream/read-sse-events.ts";
export { readSseEvents } from "./mock-upstream/read-sse-events.ts";
export type { JsonReplyInit } from "./mock-upstream/replies.ts";
export { reply } from "./mock-upstream/replies.ts";
export type {
  MockCacheUsage,
  MockFeatures,
  MockToolCall,
} from "./mock-upstream/scripted-features.ts";
export { requestIndexHeader, startMockUpstream } from "./mock-upstream/server.ts";
export type { SseResponseOptions } from "./mock-upstream/sse-response.ts";
export { toSseResponse } from "./mock-upstream/sse-response.ts";
export { countWords, splitText } from "./mock-upstream/text-pieces.ts";
export { mockSignature } from "./mock-upstream/thinking-signature.ts";
export type {
  AnthropicUsage,
  MockReply,
  MockUpstream,
  MockUpstreamOptions,
  OpenAIUsage,
  RecordedRequest,
} from "./mock-upstream/types.ts";
