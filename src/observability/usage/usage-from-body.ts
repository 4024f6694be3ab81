// Reads usage from a whole (non-streaming) JSON response body, estimating what it lacks. The
// usage object is looked for from the end first; the body is parsed only when it has none.

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
import { findUsageObject } from "./usage-object.ts";

/** Past this, a body without a usage object is estimated from its size rather than parsed. */
const maxParsedBytes = 256 * 1024;

export function usageFromBody(
  kind: UsageKind,
  body: Uint8Array,
  request: unknown,
): Usage | undefined {
  if (kind === "other") return undefined;
  const estimateInput = () => estimateInputTokens(request);
  const reported = readUsage(kind, findUsageObject(body));
  if (isComplete(reported)) return toUsage(reported, { input: estimateInput, outputChars: 0 });
  if (body.byteLength > maxParsedBytes) {
    // JSON punctuation included: an overestimate, marked as an estimate
    return toUsage(reported, { input: estimateInput, outputChars: body.byteLength });
  }
  const parsed = parseJson(body);
  if (!parsed) return undefined;
  const read = readBody(kind, parsed);
  return toUsage(read.reported, { input: estimateInput, outputChars: read.outputChars });
}

/** The usage an API's usage object reports (one shape per kind). */
export function readUsage(kind: Exclude<UsageKind, "other">, usage: unknown): ReportedUsage {
  switch (kind) {
    case "openai_chat":
    case "openai_completion":
      return readOpenAIUsage(usage);
    case "openai_embeddings":
      return readEmbeddingsUsage(usage);
    case "openai_responses":
      return readResponsesUsage(usage);
    case "anthropic_messages":
      return readAnthropicUsage(usage);
  }
}

// --- internal ---

function isComplete(reported: ReportedUsage): boolean {
  const input = reported.input ?? reported.uncachedInput;
  return input !== undefined && reported.output !== undefined;
}

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
  return { reported: readUsage(kind, body.usage), outputChars: outputCharsOf(kind, body) };
}

function outputCharsOf(kind: Exclude<UsageKind, "other">, body: JsonRecord): number {
  switch (kind) {
    case "openai_chat":
    case "openai_completion": {
      let chars = 0;
      for (const choice of arrayAt(body, "choices")) chars += openAIChoiceChars(choice);
      return chars;
    }
    case "openai_embeddings":
      return 0;
    case "openai_responses":
      return responsesOutputChars(arrayAt(body, "output"));
    case "anthropic_messages":
      return anthropicContentChars(arrayAt(body, "content"));
  }
}
