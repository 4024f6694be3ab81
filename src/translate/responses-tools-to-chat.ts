// Responses tools and tool_choice as chat tools; built-in tools (web_search, …) are dropped.

import { arrayAt, isPresent, type JsonObject, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { readToolDefinition, toChatFunctionTool } from "./tool-definition.ts";

export type ChatTools = {
  tools?: JsonObject[];
  tool_choice?: unknown;
  parallel_tool_calls?: unknown;
};

export function toChatToolsFromResponses(body: JsonObject, context: RequestContext): ChatTools {
  const tools = arrayAt(body, "tools").flatMap((tool) => toChatTool(tool, context));
  if (tools.length === 0) {
    // chat servers refuse both without tools
    for (const key of ["tool_choice", "parallel_tool_calls"]) {
      if (isPresent(body[key])) context.drop(key);
    }
    return {};
  }
  const chatTools: ChatTools = { tools };
  const choice = toChatToolChoice(body.tool_choice, context);
  if (choice !== undefined) chatTools.tool_choice = choice;
  if (isPresent(body.parallel_tool_calls)) chatTools.parallel_tool_calls = body.parallel_tool_calls;
  return chatTools;
}

// --- internal ---

function toChatTool(tool: unknown, context: RequestContext): JsonObject[] {
  const type = stringAt(tool, "type") ?? "function";
  if (type !== "function") {
    context.drop(`tools[${type}]`);
    return [];
  }
  return [toChatFunctionTool(readToolDefinition(tool, "parameters", ""))];
}

function toChatToolChoice(choice: unknown, context: RequestContext): unknown {
  if (typeof choice === "string") return choice;
  if (!isPresent(choice)) return undefined;
  const type = stringAt(choice, "type");
  if (type === "function") {
    return { type: "function", function: { name: stringAt(choice, "name") ?? "" } };
  }
  if (type === "allowed_tools") {
    const tools = arrayAt(choice, "tools").flatMap((tool, k) => {
      if (stringAt(tool, "type") === "function") {
        return [{ type: "function", function: { name: stringAt(tool, "name") ?? "" } }];
      }
      context.drop(`tool_choice.tools[${k}]`);
      return [];
    });
    if (tools.length === 0) {
      context.drop("tool_choice");
      return undefined;
    }
    return {
      type: "allowed_tools",
      allowed_tools: { mode: stringAt(choice, "mode") ?? "auto", tools },
    };
  }
  // a built-in tool was chosen, and built-ins are dropped
  context.drop("tool_choice");
  return undefined;
}
