// Decides whether a streamed chat completion arrived whole: every chunk, the full text, then [DONE].

import { expectedReplyText } from "./chat-request.ts";

/** undefined when intact, else a short reason. */
export function findStreamDefect(body: string, contentChunks: number): string | undefined {
  const events = body
    .split(/\r?\n\r?\n/)
    .map((event) => event.trim())
    .filter((event) => event.length > 0);
  if (events[events.length - 1] !== "data: [DONE]") return "does not end with data: [DONE]";
  let choiceChunks = 0;
  let text = "";
  for (const event of events.slice(0, -1)) {
    const chunk = parseChunk(event);
    if (chunk === undefined) return `unexpected event: ${event.slice(0, 80)}`;
    if (chunk.error !== undefined)
      return `error event: ${JSON.stringify(chunk.error).slice(0, 80)}`;
    const choice = chunk.choices?.[0];
    if (choice === undefined) continue;
    choiceChunks++;
    text += choice.delta?.content ?? "";
  }
  // a role chunk, the content chunks, a stop chunk
  if (choiceChunks !== contentChunks + 2) {
    return `${choiceChunks} chunks instead of ${contentChunks + 2}`;
  }
  if (text !== expectedReplyText) return "reassembled text differs";
  return undefined;
}

// --- internal ---

type Chunk = { choices?: { delta?: { content?: string } }[]; error?: unknown };

function parseChunk(event: string): Chunk | undefined {
  if (!event.startsWith("data: ")) return undefined;
  try {
    const parsed: unknown = JSON.parse(event.slice(6));
    return typeof parsed === "object" && parsed !== null ? (parsed as Chunk) : undefined;
  } catch {
    return undefined;
  }
}
