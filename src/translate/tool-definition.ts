// A function tool's definition, read from and written in each dialect's shape: chat's
// {type:"function", function:{…}}, Responses' flat function tool, Anthropic's custom tool.

import { isRecord, type JsonObject, recordAt, stringAt } from "./json-values.ts";

export type ToolDefinition = {
  name: string;
  description: string | undefined;
  schema: JsonObject;
  strict: boolean;
};

/** The definition in `fields`, whose schema is under `schemaKey` (chat and Responses: parameters). */
export function readToolDefinition(
  fields: unknown,
  schemaKey: "parameters" | "input_schema",
  fallbackName: string,
): ToolDefinition {
  return {
    name: stringAt(fields, "name") ?? fallbackName,
    description: stringAt(fields, "description"),
    schema: recordAt(fields, schemaKey) ?? { type: "object", properties: {} },
    strict: isRecord(fields) && fields.strict === true,
  };
}

export function toChatFunctionTool(definition: ToolDefinition): JsonObject {
  const fn: JsonObject = { name: definition.name, parameters: definition.schema };
  return { type: "function", function: withOptionalFields(fn, definition) };
}

export function toAnthropicToolDefinition(definition: ToolDefinition): JsonObject {
  const tool: JsonObject = { name: definition.name, input_schema: definition.schema };
  return withOptionalFields(tool, definition);
}

// --- internal ---

function withOptionalFields(out: JsonObject, definition: ToolDefinition): JsonObject {
  if (definition.description !== undefined) out.description = definition.description;
  if (definition.strict) out.strict = true;
  return out;
}
