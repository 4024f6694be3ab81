// Bodies for the OpenAI endpoints besides chat: embeddings, legacy completions, model list.

import { countWords } from "./text-pieces.ts";
import { nextWireId, nowSeconds } from "./wire-ids.ts";

export type EmbeddingList = {
  object: "list";
  data: { object: "embedding"; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

/** One 8-float vector per input, derived from the input text so equal inputs embed equally. */
export function embeddingList(inputs: string[], model: string, base64: boolean): EmbeddingList {
  let words = 0;
  const data = inputs.map((input, index) => {
    words += countWords(input);
    const vector = toVector(input);
    const embedding = base64
      ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
      : vector;
    return { object: "embedding" as const, index, embedding };
  });
  return { object: "list", data, model, usage: { prompt_tokens: words, total_tokens: words } };
}

export type TextCompletion = {
  id: string;
  object: "text_completion";
  created: number;
  model: string;
  choices: { text: string; index: number; logprobs: null; finish_reason: "stop" }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

export function textCompletion(text: string, model: string, promptTokens: number): TextCompletion {
  const completionTokens = countWords(text);
  return {
    id: nextWireId("cmpl-mock"),
    object: "text_completion",
    created: nowSeconds(),
    model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: "stop" }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

export type ModelList = {
  object: "list";
  data: { id: string; object: "model"; created: number; owned_by: string }[];
};

export function modelList(): ModelList {
  return {
    object: "list",
    data: [{ id: "mock-model", object: "model", created: 1700000000, owned_by: "mock" }],
  };
}

// --- internal ---

function toVector(input: string): number[] {
  // FNV-1a: cheap and stable
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193);
  const vector: number[] = [];
  for (let i = 0; i < 8; i++) {
    hash = Math.imul(hash ^ i, 0x01000193);
    vector.push(((hash >>> 8) & 0xffff) / 0xffff - 0.5);
  }
  return vector;
}
