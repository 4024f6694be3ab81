// openai-chat request → anthropic-messages request.

import { simplifyContent, toAnthropicConversation } from "./chat-messages-to-anthropic.ts";
import { toAnthropicTooling } from "./chat-tools-to-anthropic.ts";
import {
  arrayAt,
  copyPresent,
  isPresent,
  type JsonObject,
  numberAt,
  recordAt,
  stringAt,
} from "./json-values.ts";
import { answerTokensAboveBudget, effortToBudget, minThinkingBudget } from "./reasoning-effort.ts";
import { dropUnhandled, type RequestContext } from "./request-context.ts";
import type { TranslateOptions } from "./types.ts";

export function chatToMessagesRequest(
  body: JsonObject,
  options: TranslateOptions,
  context: RequestContext,
): JsonObject {
  refuseUnanswerable(body, context);
  const conversation = toAnthropicConversation(arrayAt(body, "messages"), context);
  const out: JsonObject = {
    model: body.model,
    messages: conversation.messages.map((m) => ({
      role: m.role,
      content: simplifyContent(m.content),
    })),
    max_tokens:
      numberAt(body, "max_completion_tokens") ??
      numberAt(body, "max_tokens") ??
      options.defaultMaxTokens,
  };
  if (conversation.system.length > 0) out.system = simplifyContent(conversation.system);
  copyPresent(body, out, ["temperature", "top_p", "top_k", "stream"]);
  const stop = body.stop;
  if (typeof stop === "string") out.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) out.stop_sequences = stop;
  const user = stringAt(body, "user") ?? stringAt(body, "safety_identifier");
  if (user !== undefined) out.metadata = { user_id: user };
  const tooling = toAnthropicTooling(body, context);
  if (tooling.tools) out.tools = tooling.tools;
  if (tooling.tool_choice) out.tool_choice = tooling.tool_choice;
  applyThinking(body, out, tooling.forcesTool, context);
  dropUnhandled(body, handled, context);
  return out;
}

// --- internal ---

const handled = new Set([
  "model",
  "messages",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stream",
  // the answer always carries usage; the stream translator honours include_usage
  "stream_options",
  "stop",
  "user",
  "safety_identifier",
  "tools",
  "functions",
  "tool_choice",
  "function_call",
  "parallel_tool_calls",
  "response_format",
  "reasoning_effort",
  "thinking",
  "n",
  "logprobs",
  "top_logprobs",
  "modalities",
  "audio",
]);

/** What would change the shape of the answer (DESIGN.md): refused, never dropped. */
function refuseUnanswerable(body: JsonObject, context: RequestContext): void {
  const n = numberAt(body, "n");
  if (n !== undefined && n > 1) context.refuse("n", "anthropic-messages answers one choice only");
  if (body.logprobs === true) context.refuse("logprobs", "anthropic-messages has no logprobs");
  if (isPresent(body.top_logprobs)) {
    context.refuse("top_logprobs", "anthropic-messages has no logprobs");
  }
  if (isPresent(body.audio)) context.refuse("audio", "anthropic-messages has no audio output");
  if (arrayAt(body, "modalities").includes("audio")) {
    context.refuse("modalities", "anthropic-messages has no audio output");
  }
}

function applyThinking(
  body: JsonObject,
  out: JsonObject,
  forcesTool: boolean,
  context: RequestContext,
): void {
  const thinking = toAnthropicThinking(body, context);
  if (thinking === undefined) return;
  // Anthropic refuses thinking while tool use is forced; the forced tool decides the answer
  if (forcesTool) {
    context.drop(isPresent(body.thinking) ? "thinking" : "reasoning_effort");
    return;
  }
  out.thinking = thinking;
  const budget = numberAt(thinking, "budget_tokens");
  if (budget !== undefined) {
    out.max_tokens = Math.max(Number(out.max_tokens), budget + answerTokensAboveBudget);
  }
  // with thinking on, Anthropic takes only temperature 1, top_p from 0.95 to 1, and no top_k
  if (out.temperature !== undefined && out.temperature !== 1) {
    dropField(out, "temperature", context);
  }
  if (typeof out.top_p === "number" && out.top_p < 0.95) dropField(out, "top_p", context);
  if (out.top_k !== undefined) dropField(out, "top_k", context);
}

function dropField(out: JsonObject, key: string, context: RequestContext): void {
  delete out[key];
  context.drop(key);
}

/**
 * Anthropic's own `thinking`, as LiteLLM-style clients send it on chat, is taken as it is and wins
 * over reasoning_effort; else reasoning_effort becomes a budget.
 */
function toAnthropicThinking(body: JsonObject, context: RequestContext): JsonObject | undefined {
  const thinking = recordAt(body, "thinking");
  const type = stringAt(thinking, "type");
  if (type !== "enabled" && type !== "adaptive" && type !== "disabled") {
    if (isPresent(body.thinking)) context.drop("thinking");
    const budget = effortToBudget(body.reasoning_effort);
    return budget === undefined ? undefined : { type: "enabled", budget_tokens: budget };
  }
  if (isPresent(body.reasoning_effort)) context.drop("reasoning_effort");
  if (type === "disabled") return undefined;
  const taken: JsonObject = { type };
  if (type === "enabled") {
    const budget = numberAt(thinking, "budget_tokens") ?? minThinkingBudget;
    taken.budget_tokens = Math.max(minThinkingBudget, budget);
  }
  if (isPresent(thinking?.display)) taken.display = thinking?.display;
  return taken;
}
