// OpenAI chat replies with tool calls, reasoning (reasoning_content + signed thinking_blocks) and
// cache usage, as a JSON body or as SSE chunks.

import type { MockFeatures } from "./scripted-features.ts";
import { type ScriptedUsage, toOpenAIScriptedUsage } from "./scripted-usage.ts";
import { splitText } from "./text-pieces.ts";
import { mockSignature } from "./thinking-signature.ts";
import { nextWireId, nowSeconds } from "./wire-ids.ts";

export type ScriptedReply = {
  text: string;
  model: string;
  features: MockFeatures;
  usage: ScriptedUsage;
};

export function openAIScriptedCompletion(reply: ScriptedReply): Record<string, unknown> {
  const calls = toolCalls(reply.features);
  const message: Record<string, unknown> = {
    role: "assistant",
    content: calls.length > 0 ? null : reply.text,
    refusal: null,
    ...reasoningFields(reply.features.thinking),
  };
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: nextWireId("chatcmpl-mock"),
    object: "chat.completion",
    created: nowSeconds(),
    model: reply.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: calls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: toOpenAIScriptedUsage(reply.usage, reply.features.cache !== undefined),
  };
}

/** Role, reasoning pieces, the signed block, then content pieces or one tool call at a time. */
export function openAIScriptedChunks(
  reply: ScriptedReply,
  chunks: number,
  includeUsage: boolean,
): string[] {
  const base = {
    id: nextWireId("chatcmpl-mock"),
    object: "chat.completion.chunk",
    created: nowSeconds(),
    model: reply.model,
  };
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}`;
  const events = [chunk({ role: "assistant", content: "" })];
  const thinking = reply.features.thinking;
  if (thinking !== undefined) {
    for (const piece of splitText(thinking, chunks))
      events.push(chunk({ reasoning_content: piece }));
    events.push(chunk({ thinking_blocks: reasoningFields(thinking).thinking_blocks }));
  }
  const calls = toolCalls(reply.features);
  calls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [
          {
            index,
            id: call.id,
            type: "function",
            function: { name: call.function.name, arguments: "" },
          },
        ],
      }),
    );
    for (const piece of splitText(call.function.arguments, 2)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  if (calls.length === 0)
    for (const piece of splitText(reply.text, chunks)) events.push(chunk({ content: piece }));
  events.push(chunk({}, calls.length > 0 ? "tool_calls" : "stop"));
  if (includeUsage) {
    const usage = toOpenAIScriptedUsage(reply.usage, reply.features.cache !== undefined);
    events.push(`data: ${JSON.stringify({ ...base, choices: [], usage })}`);
  }
  events.push("data: [DONE]");
  return events;
}

// --- internal ---

type ChatToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

function toolCalls(features: MockFeatures): ChatToolCall[] {
  return (features.toolCalls ?? []).map((call) => ({
    id: nextWireId("call_mock"),
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

function reasoningFields(thinking: string | undefined): {
  reasoning_content?: string;
  thinking_blocks?: object[];
} {
  if (thinking === undefined) return {};
  const block = { type: "thinking", thinking, signature: mockSignature(thinking) };
  return { reasoning_content: thinking, thinking_blocks: [block] };
}
