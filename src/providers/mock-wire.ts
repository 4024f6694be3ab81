// OpenAI and Anthropic response bodies and SSE events built by the in-process mock provider.

export type MockUsage = { input: number; output: number };

export function openAICompletionBody(id: string, model: string, text: string, usage: MockUsage) {
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
}

export function openAIStreamEvents(
  id: string,
  model: string,
  pieces: string[],
  usage: MockUsage | undefined,
): string[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    })}\n\n`;
  const events = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of pieces) events.push(chunk({ content: piece }, null));
  events.push(chunk({}, "stop"));
  if (usage) {
    const usageChunk = {
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    };
    events.push(`data: ${JSON.stringify(usageChunk)}\n\n`);
  }
  events.push("data: [DONE]\n\n");
  return events;
}

export function anthropicMessageBody(id: string, model: string, text: string, usage: MockUsage) {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

export function anthropicStreamEvents(
  id: string,
  model: string,
  pieces: string[],
  usage: MockUsage,
): string[] {
  const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const start = {
    ...anthropicMessageBody(id, model, "", { input: usage.input, output: 1 }),
    content: [],
  };
  const events = [
    event("message_start", { type: "message_start", message: { ...start, stop_reason: null } }),
    event("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
  ];
  for (const piece of pieces) {
    events.push(
      event("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: piece },
      }),
    );
  }
  events.push(
    event("content_block_stop", { type: "content_block_stop", index: 0 }),
    event("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: usage.output },
    }),
    event("message_stop", { type: "message_stop" }),
  );
  return events;
}

/** Splits text into word-sized pieces that keep their leading spaces. */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
