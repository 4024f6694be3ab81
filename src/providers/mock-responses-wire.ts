// OpenAI Responses bodies and SSE events built by the in-process mock provider.

import type { MockUsage } from "./mock-wire.ts";

export function responsesBody(id: string, model: string, text: string, usage: MockUsage) {
  return {
    id,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    model,
    output: [outputMessage(id, text)],
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
}

export function responsesStreamEvents(
  id: string,
  model: string,
  pieces: string[],
  usage: MockUsage,
): string[] {
  let sequence = 0;
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  const done = responsesBody(id, model, pieces.join(""), usage);
  const started = { ...done, status: "in_progress", output: [], usage: null };
  const itemId = `${id}-message`;
  const events = [
    event("response.created", { response: started }),
    event("response.output_item.added", {
      output_index: 0,
      item: { ...outputMessage(id, ""), status: "in_progress", content: [] },
    }),
    event("response.content_part.added", {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: "output_text", text: "", annotations: [] },
    }),
  ];
  for (const delta of pieces) {
    events.push(
      event("response.output_text.delta", {
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        delta,
      }),
    );
  }
  const [message] = done.output;
  events.push(
    event("response.output_text.done", {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      text: pieces.join(""),
    }),
    event("response.output_item.done", { output_index: 0, item: message }),
    event("response.completed", { response: done }),
  );
  return events;
}

// --- internal ---

function outputMessage(id: string, text: string) {
  return {
    type: "message",
    id: `${id}-message`,
    status: "completed",
    role: "assistant",
    content: [{ type: "output_text", text, annotations: [] }],
  };
}
