// Chat tools, tool_choice, parallel_tool_calls and response_format as Anthropic tools.

import {
  arrayAt,
  isPresent,
  isRecord,
  type JsonObject,
  recordAt,
  stringAt,
} from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { structuredOutputToolName, toStructuredOutputTool } from "./structured-output.ts";
import { readToolDefinition, toAnthropicToolDefinition } from "./tool-definition.ts";

export type AnthropicTooling = {
  tools?: JsonObject[];
  tool_choice?: JsonObject;
  /** Anthropic refuses thinking while a tool is forced. */
  forcesTool: boolean;
};

export function toAnthropicTooling(body: JsonObject, context: RequestContext): AnthropicTooling {
  const choice = allowedToolsChoice(body.tool_choice);
  let tools = chatTools(body).flatMap((tool, i) => toAnthropicTool(tool, i, context));
  if (choice.allowed) tools = tools.filter((tool) => choice.allowed?.has(String(tool.name)));
  const choiceParam = isPresent(body.tool_choice) ? "tool_choice" : "function_call";
  const clientChoice = choice.choice ?? legacyChoice(body.function_call);
  let toolChoice = toAnthropicToolChoice(clientChoice);
  const outputTool = toStructuredOutputTool(body.response_format);
  if (outputTool) {
    // "none" forbids the client's tools: the answer is the only call left, and they are named
    if (toolChoice?.type === "none" && tools.length > 0) {
      context.drop("tools");
      tools = [];
    }
    // a forced client tool stays forced; otherwise the model calls a tool or answers
    if (toolChoice?.type !== "tool") {
      toolChoice =
        tools.length === 0 ? { type: "tool", name: structuredOutputToolName } : { type: "any" };
    }
    tools = [...tools, outputTool];
  }
  if (tools.length === 0) {
    for (const key of ["tool_choice", "function_call", "parallel_tool_calls"]) {
      if (isPresent(body[key])) context.drop(key);
    }
    return { forcesTool: false };
  }
  if (toolChoice === undefined && isPresent(clientChoice)) context.drop(choiceParam);
  if (body.parallel_tool_calls === false && toolChoice?.type !== "none") {
    toolChoice = { ...(toolChoice ?? { type: "auto" }), disable_parallel_tool_use: true };
  }
  const forcesTool = toolChoice?.type === "any" || toolChoice?.type === "tool";
  return { tools, ...(toolChoice ? { tool_choice: toolChoice } : {}), forcesTool };
}

// --- internal ---

/** `tools`, or the deprecated `functions` list. */
function chatTools(body: JsonObject): unknown[] {
  const tools = arrayAt(body, "tools");
  if (tools.length > 0) return tools;
  return arrayAt(body, "functions").map((fn) => ({ type: "function", function: fn }));
}

function toAnthropicTool(tool: unknown, index: number, context: RequestContext): JsonObject[] {
  const type = stringAt(tool, "type") ?? "function";
  const fn = recordAt(tool, "function");
  if (type !== "function" || fn === undefined) {
    context.drop(`tools[${type}]`);
    return [];
  }
  const converted = toAnthropicToolDefinition(
    readToolDefinition(fn, "parameters", `tool_${index}`),
  );
  // an Anthropic-aware client may mark cache breakpoints on tools
  if (isRecord(tool) && isPresent(tool.cache_control)) converted.cache_control = tool.cache_control;
  return [converted];
}

function allowedToolsChoice(choice: unknown): { choice: unknown; allowed?: Set<string> } {
  if (stringAt(choice, "type") !== "allowed_tools") return { choice };
  const allowedTools = recordAt(choice, "allowed_tools");
  const names = arrayAt(allowedTools, "tools").map(
    (tool) => stringAt(recordAt(tool, "function"), "name") ?? stringAt(tool, "name") ?? "",
  );
  const mode = stringAt(allowedTools, "mode") === "required" ? "required" : "auto";
  return { choice: mode, allowed: new Set(names) };
}

function legacyChoice(functionCall: unknown): unknown {
  const name = stringAt(functionCall, "name");
  return name === undefined ? functionCall : { type: "function", function: { name } };
}

function toAnthropicToolChoice(choice: unknown): JsonObject | undefined {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  const name = stringAt(recordAt(choice, "function"), "name");
  return name === undefined ? undefined : { type: "tool", name };
}
