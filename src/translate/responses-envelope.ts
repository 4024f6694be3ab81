// The Response object around translated output: ids, status, and the request settings it echoes.

import { arrayAt, type JsonObject, recordAt, stringAt } from "./json-values.ts";

export type ResponseFields = {
  id: string;
  createdAt: number;
  model: string;
  status: "in_progress" | "completed" | "incomplete";
  incompleteDetails: JsonObject | null;
  output: JsonObject[];
  usage: JsonObject | null;
};

export function toResponseObject(fields: ResponseFields, clientRequest: JsonObject): JsonObject {
  const reasoning = recordAt(clientRequest, "reasoning");
  return {
    id: fields.id,
    object: "response",
    created_at: fields.createdAt,
    status: fields.status,
    background: false,
    error: null,
    incomplete_details: fields.incompleteDetails,
    instructions: clientRequest.instructions ?? null,
    max_output_tokens: clientRequest.max_output_tokens ?? null,
    metadata: clientRequest.metadata ?? {},
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: clientRequest.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: reasoning?.effort ?? null, summary: reasoning?.summary ?? null },
    // nothing is stored: a translated response cannot be fetched or continued by id
    store: false,
    temperature: clientRequest.temperature ?? 1,
    text: { format: recordAt(clientRequest, "text")?.format ?? { type: "text" } },
    tool_choice: clientRequest.tool_choice ?? "auto",
    tools: arrayAt(clientRequest, "tools").filter((tool) => stringAt(tool, "type") === "function"),
    top_p: clientRequest.top_p ?? 1,
    truncation: "disabled",
    usage: fields.usage,
  };
}

/** Deterministic ids from the upstream's id, so a replayed answer keeps its ids. */
export function createItemIds(upstreamId: string): {
  response: string;
  item(prefix: string): string;
} {
  const base = upstreamId.replace(/^(chatcmpl-|msg_|resp_)/, "") || "translated";
  let issued = 0;
  return { response: `resp_${base}`, item: (prefix) => `${prefix}_${base}_${issued++}` };
}
