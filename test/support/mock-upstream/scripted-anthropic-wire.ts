// Anthropic replies with tool_use blocks, signed thinking and cache usage, as a JSON message or as
// SSE events in the order the API sends them.

import type { ScriptedReply } from "./scripted-openai-wire.ts";
import { toAnthropicScriptedUsage } from "./scripted-usage.ts";
import { splitText } from "./text-pieces.ts";
import { mockSignature } from "./thinking-signature.ts";
import { nextWireId } from "./wire-ids.ts";

export function anthropicScriptedMessage(reply: ScriptedReply): Record<string, unknown> {
  const content: object[] = [];
  const thinking = reply.features.thinking;
  if (thinking !== undefined)
    content.push({ type: "thinking", thinking, signature: mockSignature(thinking) });
  const calls = toolUses(reply);
  content.push(...(calls.length > 0 ? calls : [{ type: "text", text: reply.text }]));
  return {
    id: nextWireId("msg_mock"),
    type: "message",
    role: "assistant",
    model: reply.model,
    content,
    stop_reason: calls.length > 0 ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: toAnthropicScriptedUsage(reply.usage),
  };
}

export function anthropicScriptedEvents(reply: ScriptedReply, chunks: number): string[] {
  const message = anthropicScriptedMessage(reply);
  const usage = toAnthropicScriptedUsage(reply.usage);
  const start = {
    ...message,
    content: [],
    stop_reason: null,
    usage: { ...usage, output_tokens: 1 },
  };
  const events = [toEvent({ type: "message_start", message: start })];
  (message.content as Record<string, unknown>[]).forEach((block, index) => {
    events.push(...blockEvents(block, index, chunks));
  });
  const delta = { stop_reason: message.stop_reason, stop_sequence: null };
  events.push(
    toEvent({ type: "message_delta", delta, usage: { output_tokens: usage.output_tokens } }),
  );
  events.push(toEvent({ type: "message_stop" }));
  return events;
}

// --- internal ---

function toolUses(reply: ScriptedReply): object[] {
  return (reply.features.toolCalls ?? []).map((call) => ({
    type: "tool_use",
    id: nextWireId("toolu_mock"),
    name: call.name,
    input: call.arguments,
  }));
}

function blockEvents(block: Record<string, unknown>, index: number, chunks: number): string[] {
  const delta = (d: object) => toEvent({ type: "content_block_delta", index, delta: d });
  const events: string[] = [];
  if (block.type === "thinking") {
    events.push(
      toEvent({
        type: "content_block_start",
        index,
        content_block: { type: "thinking", thinking: "", signature: "" },
      }),
    );
    for (const piece of splitText(String(block.thinking), chunks))
      events.push(delta({ type: "thinking_delta", thinking: piece }));
    events.push(delta({ type: "signature_delta", signature: block.signature }));
  } else if (block.type === "tool_use") {
    events.push(
      toEvent({ type: "content_block_start", index, content_block: { ...block, input: {} } }),
    );
    for (const piece of ["", ...splitText(JSON.stringify(block.input), 2)]) {
      events.push(delta({ type: "input_json_delta", partial_json: piece }));
    }
  } else {
    events.push(
      toEvent({ type: "content_block_start", index, content_block: { type: "text", text: "" } }),
    );
    for (const piece of splitText(String(block.text), chunks))
      events.push(delta({ type: "text_delta", text: piece }));
  }
  events.push(toEvent({ type: "content_block_stop", index }));
  return events;
}

function toEvent(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}`;
}
