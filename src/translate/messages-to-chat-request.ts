// anthropic-messages request → openai-chat request.

import { toChatMessages, toChatSystemMessage } from "./anthropic-messages-to-chat.ts";
import { toChatTooling } from "./anthropic-tools-to-chat.ts";
import {
  arrayAt,
  copyPresent,
  isPresent,
  type JsonObject,
  numberAt,
  recordAt,
  stringAt,
} from "./json-values.ts";
import { anthropicEffortToOpenAI, budgetToEffort } from "./reasoning-effort.ts";
import { dropUnhandled, type RequestContext } from "./request-context.ts";
import { fitsStrictMode } from "./strict-schema.ts";

export function messagesToChatRequest(body: JsonObject, context: RequestContext): JsonObject {
  const system = toChatSystemMessage(body.system, context);
  const messages = toChatMessages(arrayAt(body, "messages"), context);
  const out: JsonObject = {
    model: body.model,
    messages: system ? [system, ...messages] : messages,
  };
  const maxTokens = numberAt(body, "max_tokens");
  if (maxTokens !== undefined) out.max_completion_tokens = maxTokens;
  copyPresent(body, out, ["temperature", "top_p", "top_k"]);
  const stops = arrayAt(body, "stop_sequences");
  if (stops.length > 0) out.stop = stops;
  if (body.stream === true) {
    // so the Anthropic client's final usage is the upstream's own count
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  Object.assign(out, toChatTooling(body, context));
  const effort = reasoningEffort(body, context);
  if (effort !== undefined) out.reasoning_effort = effort;
  const format = toResponseFormat(recordAt(body, "output_config"), context);
  if (format !== undefined) out.response_format = format;
  dropUnhandled(body, handled, context);
  return out;
}

// --- internal ---

const handled = new Set([
  "model",
  "system",
  "messages",
  "max_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
  "stream",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
]);

function reasoningEffort(body: JsonObject, context: RequestContext): string | undefined {
  const thinking = recordAt(body, "thinking");
  if (isPresent(thinking?.display)) context.drop("thinking.display");
  const type = stringAt(thinking, "type");
  const budget = numberAt(thinking, "budget_tokens");
  if (type === "enabled" && budget !== undefined) return budgetToEffort(budget);
  const effort = anthropicEffortToOpenAI(recordAt(body, "output_config")?.effort);
  if (effort !== undefined) return effort;
  // adaptive thinking lets the model decide: OpenAI's own default effort
  return type === "adaptive" ? "medium" : undefined;
}

function toResponseFormat(outputConfig: JsonObject | undefined, context: RequestContext): unknown {
  const format = recordAt(outputConfig, "format");
  for (const key of Object.keys(outputConfig ?? {})) {
    if (key !== "effort" && key !== "format") context.drop(`output_config.${key}`);
  }
  if (stringAt(format, "type") !== "json_schema") return undefined;
  const schema = recordAt(format, "schema") ?? { type: "object" };
  // OpenAI refuses strict with a schema that does not fit it; without, the schema still guides
  const strict = fitsStrictMode(schema) ? { strict: true } : {};
  return { type: "json_schema", json_schema: { name: "output", schema, ...strict } };
}
