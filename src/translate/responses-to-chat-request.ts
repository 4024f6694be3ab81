// openai-responses request → openai-chat request (Codex against a chat-only provider).

import {
  copyPresent,
  isPresent,
  type JsonObject,
  numberAt,
  recordAt,
  stringAt,
} from "./json-values.ts";
import { dropUnhandled, type RequestContext } from "./request-context.ts";
import { toChatHistory } from "./responses-input-to-chat.ts";
import { toChatToolsFromResponses } from "./responses-tools-to-chat.ts";

/** `sources`, when given, collects the Responses path of each chat path (to name drops). */
export function responsesToChat(
  body: JsonObject,
  context: RequestContext,
  sources?: Map<string, string>,
): JsonObject {
  refuseStateful(body, context);
  const out: JsonObject = { model: body.model, messages: toChatHistory(body, context, sources) };
  const maxTokens = numberAt(body, "max_output_tokens");
  if (maxTokens !== undefined) out.max_completion_tokens = maxTokens;
  copyPresent(body, out, [...sameNameFields]);
  if (isPresent(body.top_logprobs))
    Object.assign(out, { logprobs: true, top_logprobs: body.top_logprobs });
  if (body.stream === true)
    Object.assign(out, { stream: true, stream_options: { include_usage: true } });
  Object.assign(out, toChatToolsFromResponses(body, context));
  applyReasoning(recordAt(body, "reasoning"), out, context);
  applyText(recordAt(body, "text"), out, context);
  if (body.truncation !== undefined && body.truncation !== "disabled") context.drop("truncation");
  dropUnhandled(body, handled, context);
  for (const [chat, responses] of renamedFields) sources?.set(chat, responses);
  return out;
}

// --- internal ---

const sameNameFields = [
  "temperature",
  "top_p",
  "store",
  "metadata",
  "prompt_cache_key",
  "prompt_cache_retention",
  "safety_identifier",
  "service_tier",
  "user",
] as const;

const renamedFields = [
  ["max_completion_tokens", "max_output_tokens"],
  ["logprobs", "top_logprobs"],
  ["reasoning_effort", "reasoning.effort"],
  ["verbosity", "text.verbosity"],
  ["response_format", "text.format"],
] as const;

const handled = new Set<string>([
  ...sameNameFields,
  "model",
  "input",
  "instructions",
  "max_output_tokens",
  "top_logprobs",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "text",
  "truncation",
]);

/** Server-side state only a Responses provider has. */
function refuseStateful(body: JsonObject, context: RequestContext): void {
  for (const param of ["previous_response_id", "conversation", "prompt"]) {
    if (isPresent(body[param])) context.refuse(param, `${param} needs a Responses provider`);
  }
  if (body.background === true)
    context.refuse("background", "background needs a Responses provider");
}

function applyReasoning(
  reasoning: JsonObject | undefined,
  out: JsonObject,
  context: RequestContext,
): void {
  if (reasoning === undefined) return;
  if (isPresent(reasoning.effort)) out.reasoning_effort = reasoning.effort;
  for (const key of Object.keys(reasoning)) {
    if (key !== "effort" && isPresent(reasoning[key])) context.drop(`reasoning.${key}`);
  }
}

function applyText(text: JsonObject | undefined, out: JsonObject, context: RequestContext): void {
  if (text === undefined) return;
  if (isPresent(text.verbosity)) out.verbosity = text.verbosity;
  const format = recordAt(text, "format");
  const type = stringAt(format, "type");
  if (type === "json_object") out.response_format = { type: "json_object" };
  if (type === "json_schema" && format) {
    const { type: _type, ...jsonSchema } = format;
    out.response_format = { type: "json_schema", json_schema: jsonSchema };
  }
  for (const key of Object.keys(text)) {
    if (key !== "verbosity" && key !== "format" && isPresent(text[key]))
      context.drop(`text.${key}`);
  }
}
