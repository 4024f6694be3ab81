// Structured output over Anthropic: response_format json_schema becomes one forced tool whose
// input is the answer; the answer comes back as content, not as a tool call.

import { isRecord, type JsonObject, recordAt, stringAt } from "./json-values.ts";

/** Reserved: a client tool of this name would be taken for the answer. */
export const structuredOutputToolName = "structured_output";

/** The tool standing for a chat `response_format`, or undefined when it asks for plain text. */
export function toStructuredOutputTool(responseFormat: unknown): JsonObject | undefined {
  const type = stringAt(responseFormat, "type");
  if (type === "json_object") {
    return outputTool("Respond with a JSON object.", { type: "object" });
  }
  if (type !== "json_schema") return undefined;
  const jsonSchema = recordAt(responseFormat, "json_schema");
  const schema = recordAt(jsonSchema, "schema") ?? { type: "object" };
  const name = stringAt(jsonSchema, "name");
  const purpose = stringAt(jsonSchema, "description");
  const description = [
    `Respond with the answer${name === undefined ? "" : ` "${name}"`} as this tool's input.`,
    purpose,
  ]
    .filter((part) => part !== undefined)
    .join(" ");
  return outputTool(description, schema);
}

/** Whether a client request (chat or Responses) asked for JSON output. */
export function asksForStructuredOutput(clientRequest: JsonObject): boolean {
  const format = isRecord(clientRequest.response_format)
    ? clientRequest.response_format
    : recordAt(clientRequest.text, "format");
  const type = stringAt(format, "type");
  return type === "json_schema" || type === "json_object";
}

// --- internal ---

function outputTool(description: string, schema: JsonObject): JsonObject {
  return { name: structuredOutputToolName, description, input_schema: schema };
}
