// Reassembles the text a client saw from a recorded SSE stream, for OpenAI chat and completions
// deltas, OpenAI Responses output_text deltas and Anthropic text_delta content blocks.

import { isRecord } from "../../shared/index.ts";

export function reassembleStreamText(sse: string): string {
  // choice index -> text, so n > 1 completions are not interleaved
  const choices = new Map<number, string>();
  let text = "";
  for (const data of sseData(sse)) {
    const event = parseJson(data);
    if (!isRecord(event)) continue;
    if (Array.isArray(event.choices)) {
      for (const choice of event.choices) collectChoice(choice, choices);
      continue;
    }
    if (event.type === "response.output_text.delta" && typeof event.delta === "string") {
      text += event.delta;
    } else if (
      event.type === "content_block_delta" &&
      isRecord(event.delta) &&
      typeof event.delta.text === "string"
    ) {
      text += event.delta.text;
    }
  }
  const choiceTexts = [...choices.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
  return [text, ...choiceTexts].filter((part) => part !== "").join("\n\n");
}

// --- internal ---

/** The data of each event (WHATWG SSE: data lines joined by "\n"), without the [DONE] marker. */
function* sseData(sse: string): Generator<string> {
  let lines: string[] = [];
  for (const line of `${sse}\n\n`.split(/\r\n|\r|\n/)) {
    if (line === "") {
      const data = lines.join("\n");
      lines = [];
      if (data !== "" && data !== "[DONE]") yield data;
    } else if (line.startsWith("data:")) {
      lines.push(line.slice(line.startsWith("data: ") ? 6 : 5));
    }
  }
}

function collectChoice(choice: unknown, choices: Map<number, string>): void {
  if (!isRecord(choice)) return;
  const index = typeof choice.index === "number" ? choice.index : 0;
  const delta = isRecord(choice.delta) ? choice.delta.content : choice.text;
  if (typeof delta === "string" && delta !== "") {
    choices.set(index, (choices.get(index) ?? "") + delta);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
