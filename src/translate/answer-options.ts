// What translating an answer needs to know about the request the client sent.

import { isRecord, type JsonObject, recordAt, stringAt } from "./json-values.ts";
import { asksForStructuredOutput } from "./structured-output.ts";
import type { ApiDialect, WallClock } from "./types.ts";

export type AnswerOptions = {
  /** OpenAI chat streams end with a usage chunk only when the client asked for one. */
  includeUsage: boolean;
  /** The answer is the structured_output tool's input, returned as text. */
  structuredOutput: boolean;
  /** The model the client asked for, when the upstream does not name one. */
  requestedModel: string;
  clientRequest: JsonObject;
  clock: WallClock;
};

export function toAnswerOptions(
  client: ApiDialect,
  clientRequest: Record<string, unknown>,
  clock: WallClock,
): AnswerOptions {
  const request = isRecord(clientRequest) ? clientRequest : {};
  return {
    // a Responses answer always ends with usage, so anything chained into it needs the chunk
    includeUsage:
      client === "openai-responses" || recordAt(request, "stream_options")?.include_usage === true,
    structuredOutput: client !== "anthropic-messages" && asksForStructuredOutput(request),
    requestedModel: stringAt(request, "model") ?? "",
    clientRequest: request,
    clock,
  };
}

export function nowSeconds(clock: WallClock): number {
  return Math.floor(clock.now() / 1000);
}
