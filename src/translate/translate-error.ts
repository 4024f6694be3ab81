// translateErrorBody: an upstream error body (any status) in the client's error shape, same status.

import { isRecord, parseJson, recordAt, stringAt } from "./json-values.ts";
import type { ApiDialect } from "./types.ts";

export function translateErrorBody(
  upstream: ApiDialect,
  client: ApiDialect,
  status: number,
  body: Uint8Array,
): Uint8Array {
  if (upstream === client) return body;
  const upstreamError = readError(decoder.decode(body), status);
  const translated =
    client === "anthropic-messages"
      ? {
          type: "error",
          error: {
            type: toAnthropicType(upstreamError.type, status),
            message: upstreamError.message,
          },
        }
      : {
          error: {
            message: upstreamError.message,
            type: toOpenAIType(upstreamError.type, status),
            param: upstreamError.param,
            code: upstreamError.code,
          },
        };
  return encoder.encode(JSON.stringify(translated));
}

// --- internal ---

const decoder = new TextDecoder();
const encoder = new TextEncoder();

type UpstreamError = {
  message: string;
  type: string | undefined;
  param: string | null;
  code: string | null;
};

/** Anthropic's {type:"error", error:{type,message}}, OpenAI's {error:{message,type,param,code}}. */
function readError(text: string, status: number): UpstreamError {
  const parsed = parseJson(text);
  const error = recordAt(parsed, "error");
  const message =
    stringAt(error, "message") ??
    (typeof parsed === "string" ? undefined : stringAt(parsed, "message"));
  if (error === undefined || message === undefined) {
    return { message: `upstream answered ${status}`, type: undefined, param: null, code: null };
  }
  const code =
    isRecord(error) && (typeof error.code === "string" || typeof error.code === "number")
      ? String(error.code)
      : null;
  return { message, type: stringAt(error, "type"), param: stringAt(error, "param") ?? null, code };
}

// Anthropic's documented error types by status
const anthropicTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const anthropicTypeNames = new Set([
  ...Object.values(anthropicTypes),
  "api_error",
  "timeout_error",
]);

function toAnthropicType(type: string | undefined, status: number): string {
  if (type !== undefined && anthropicTypeNames.has(type)) return type;
  return anthropicTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** Anthropic's type names are what this proxy's own OpenAI-shaped errors use too. */
function toOpenAIType(type: string | undefined, status: number): string {
  if (type !== undefined) return type;
  if (status === 401) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  return status >= 500 ? "api_error" : "invalid_request_error";
}
