import { expect, test } from "bun:test";
import { type UsageKind, usageKindForPath } from "../../../../src/observability/usage/index.ts";

test.each<[string, UsageKind]>([
  ["/v1/chat/completions", "openai_chat"],
  ["/v1/chat/completions/", "openai_chat"],
  ["/chat/completions", "openai_chat"],
  ["/openai/deployments/gpt-4o/chat/completions", "openai_chat"],
  ["/openai/v1/chat/completions", "openai_chat"],
  ["/v1/completions", "openai_completion"],
  ["/openai/deployments/davinci/completions", "openai_completion"],
  ["/v1/responses", "openai_responses"],
  ["/openai/v1/responses", "openai_responses"],
  ["/openai/responses", "openai_responses"],
  ["/v1/embeddings", "openai_embeddings"],
  ["/openai/deployments/ada/embeddings", "openai_embeddings"],
  ["/v1/messages", "anthropic_messages"],
  ["/anthropic/v1/messages", "anthropic_messages"],
  ["/v1/messages/count_tokens", "other"],
  ["/v1/messages/batches", "other"],
  ["/v1/threads/thread_1/messages", "other"],
  ["/v1/responses/resp_1", "other"],
  ["/v1/chat/completions/chatcmpl_1", "other"],
  ["/v1/models", "other"],
  ["/", "other"],
  ["", "other"],
])("%s reads usage as %s", (path, kind) => {
  expect(usageKindForPath(path)).toBe(kind);
});
