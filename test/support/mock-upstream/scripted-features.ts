// Tool calls, thinking and cache usage the mock adds to its replies: asked for by the request
// body (a forced tool_choice, thinking or reasoning_effort) or by x-mock-* headers.

import { overrideHeaders } from "./overrides.ts";
import { isRecord, lastUserText } from "./request-fields.ts";

export type MockToolCall = { name: string; arguments: Record<string, unknown> };
export type MockCacheUsage = { read: number; write: number };

export type MockFeatures = {
  toolCalls?: MockToolCall[];
  /** Thinking text, sent with a signature the mock can check when it comes back. */
  thinking?: string;
  cache?: MockCacheUsage;
};

export function hasFeatures(features: MockFeatures): boolean {
  return (
    (features.toolCalls?.length ?? 0) > 0 ||
    features.thinking !== undefined ||
    features.cache !== undefined
  );
}

export function readFeatures(headers: Headers, json: unknown): MockFeatures {
  const features: MockFeatures = {};
  // a turn of tool results is answered in text, so a tool loop ends
  const names = endsWithToolResults(json) ? [] : toolNamesToCall(headers, json);
  if (names.length > 0)
    features.toolCalls = names.map((name) => ({ name, arguments: sampleArguments(json, name) }));
  const thinking = thinkingText(headers.get(overrideHeaders.thinking), json);
  if (thinking !== undefined) features.thinking = thinking;
  const read = count(headers.get(overrideHeaders.cacheRead));
  const write = count(headers.get(overrideHeaders.cacheWrite));
  if (read !== undefined || write !== undefined)
    features.cache = { read: read ?? 0, write: write ?? 0 };
  return features;
}

/** The results of a closing run of tool results (chat `tool` messages or Anthropic tool_result blocks). */
export function toolResultsText(json: unknown): string | undefined {
  if (!endsWithToolResults(json)) return undefined;
  const messages = messagesOf(json);
  const last = messages.at(-1);
  if (isRecord(last) && last.role === "user" && Array.isArray(last.content)) {
    return last.content
      .filter(isToolResult)
      .map((block) => contentText(block.content))
      .join(", ");
  }
  const results: string[] = [];
  for (const message of messages.toReversed()) {
    if (!isRecord(message) || message.role !== "tool") break;
    results.unshift(contentText(message.content));
  }
  return results.join(", ");
}

// --- internal ---

type Tool = { name: string; schema: unknown };

function messagesOf(json: unknown): unknown[] {
  return isRecord(json) && Array.isArray(json.messages) ? json.messages : [];
}

function isToolResult(block: unknown): block is Record<string, unknown> {
  return isRecord(block) && block.type === "tool_result";
}

function endsWithToolResults(json: unknown): boolean {
  const last = messagesOf(json).at(-1);
  if (!isRecord(last)) return false;
  return (
    last.role === "tool" ||
    (last.role === "user" && Array.isArray(last.content) && last.content.some(isToolResult))
  );
}

/** Chat tools ({function: {name, parameters}}) and Anthropic tools ({name, input_schema}). */
function offeredTools(json: unknown): Tool[] {
  const tools = isRecord(json) && Array.isArray(json.tools) ? json.tools : [];
  return tools.filter(isRecord).map((tool) => {
    const fn = isRecord(tool.function) ? tool.function : tool;
    return { name: String(fn.name ?? ""), schema: fn.parameters ?? tool.input_schema };
  });
}

function toolNamesToCall(headers: Headers, json: unknown): string[] {
  const tools = offeredTools(json);
  const header = headers.get(overrideHeaders.toolCalls);
  if (header === "*") return tools.map((tool) => tool.name);
  if (header)
    return header
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
  const choice = isRecord(json) ? json.tool_choice : undefined;
  if (choice === "required" || (isRecord(choice) && choice.type === "any"))
    return tools.slice(0, 1).map((tool) => tool.name);
  if (isRecord(choice) && typeof choice.name === "string") return [choice.name];
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === "string")
    return [choice.function.name];
  return [];
}

/** A value of the right type for each property of the tool's JSON schema. */
function sampleArguments(json: unknown, name: string): Record<string, unknown> {
  const schema = offeredTools(json).find((tool) => tool.name === name)?.schema;
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const samples: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    const type = isRecord(property) ? property.type : undefined;
    samples[key] = sampleValues[String(type)] ?? "mock";
  }
  return samples;
}

const sampleValues: Record<string, unknown> = {
  number: 1,
  integer: 1,
  boolean: true,
  array: [],
  object: {},
};

function thinkingText(header: string | null, json: unknown): string | undefined {
  if (header !== null && header !== "" && header !== "0" && header !== "false") {
    return header === "1" || header === "true" ? defaultThinking(json) : header;
  }
  const thinking = isRecord(json) && isRecord(json.thinking) ? json.thinking.type : undefined;
  const effort = isRecord(json) ? json.reasoning_effort : undefined;
  const asked =
    thinking === "enabled" ||
    thinking === "adaptive" ||
    (typeof effort === "string" && effort !== "none");
  return asked ? defaultThinking(json) : undefined;
}

function defaultThinking(json: unknown): string {
  return `thinking about: ${lastUserText(json)}`;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : ""))
    .join(" ");
}

function count(value: string | null): number | undefined {
  const parsed = value === null || value === "" ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? Math.floor(parsed) : undefined;
}
