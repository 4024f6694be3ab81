// Reads usage from a whole (non-streaming) JSON response body, estimating what it lacks.

import { arrayAt, isRecord, type JsonRecord } from "./json-fields.ts";
import { anthropicContentChars, openAIChoiceChars, responsesOutputChars } from "./output-text.ts";
import {
  readAnthropicUsage,
  readEmbeddingsUsage,
  readOpenAIUsage,
  readResponsesUsage,
} from "./reported-usage.ts";
import { estimateInputTokens } from "./request-text.ts";
import { type ReportedUsage, toUsage, type Usage, type UsageKind } from "./usage.ts";

export function usageFromBody(
  kind: UsageKind,
  body: Uint8Array,
  request: unknown,
): Usage | undefined {
  if (kind === "other") return undefined;
  const parsed = parseJson(body);
  if (!parsed) return undefined;
  const { reported, outputChars } = readBody(kind, parsed);
  return toUsage(reported, { input: () => estimateInputTokens(request), outputChars });
}

// --- internal ---

const decoder = new TextDecoder();

function parseJson(body: Uint8Array): JsonRecord | undefined {
  try {
    const parsed: unknown = JSON.parse(decoder.decode(body));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function readBody(
  kind: Exclude<UsageKind, "other">,
  body: JsonRecord,
): { reported: ReportedUsage; outputChars: number } {
  switch (kind) {
    case "openai_chat":
    case "openai_completion": {
      let outputChars = 0;
      for (const choice of arrayAt(body, "choices")) outputChars += openAIChoiceChars(choice);
      return { reported: readOpenAIUsage(body.usage), outputChars };
    }
    case "openai_embeddings":
      return { reported: readEmbeddingsUsage(body.usage), outputChars: 0 };
    case "openai_responses":
      return {
        reported: readResponsesUsage(body.usage),
        outputChars: responsesOutputChars(arrayAt(body, "output")),
      };
    case "anthropic_messages":
      return {
        reported: readAnthropicUsage(body.usage),
        outputChars: anthropicContentChars(arrayAt(body, "content")),
      };
  }
}
