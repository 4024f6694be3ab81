// Anthropic tools and tool_choice as chat tools; server tools the chat target cannot host are dropped.

import {
  arrayAt,
  isPresent,
  isRecord,
  type JsonObject,
  recordAt,
  stringAt,
} from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { readToolDefinition, toChatFunctionTool } from "./tool-definition.ts";

export type ChatTooling = {
  tools?: JsonObject[];
  tool_choice?: unknown;
  parallel_tool_calls?: false;
};

export function toChatTooling(body: JsonObject, context: RequestContext): ChatTooling {
  const tools = arrayAt(body, "tools").flatMap((tool, i) => toChatTool(tool, i, context));
  if (tools.length === 0) {
    if (isPresent(body.tool_choice)) context.drop("tool_choice");
    return {};
  }
  const tooling: ChatTooling = { tools };
  const choice = recordAt(body, "tool_choice");
  const names = new Set(tools.map((tool) => stringAt(tool.function, "name")));
  const toolChoice = toChatToolChoice(choice, names);
  if (toolChoice !== undefined) tooling.tool_choice = toolChoice;
  else if (isPresent(body.tool_choice)) context.drop("tool_choice");
  if (choice?.disable_parallel_tool_use === true) tooling.parallel_tool_calls = false;
  return tooling;
}

// --- internal ---

function toChatTool(tool: unknown, index: number, context: RequestContext): JsonObject[] {
  const type = stringAt(tool, "type");
  // custom tools have no type, or "custom"; every other type is a server tool (web_search_2025…)
  if (type !== undefined && type !== "custom") {
    context.drop(`tools[${type}]`);
    return [];
  }
  if (isRecord(tool) && isPresent(tool.cache_control))
    context.drop(`tools[${index}].cache_control`);
  return [toChatFunctionTool(readToolDefinition(tool, "input_schema", `tool_${index}`))];
}

/** undefined also for a choice of a tool the chat target does not have (a dropped server tool). */
function toChatToolChoice(
  choice: JsonObject | undefined,
  names: ReadonlySet<string | undefined>,
): unknown {
  switch (stringAt(choice, "type")) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool": {
      const name = stringAt(choice, "name");
      return names.has(name) ? { type: "function", function: { name } } : undefined;
    }
    default:
      return undefined;
  }
}
