// Error bodies and SSE error events in each client dialect (OpenAI and Anthropic shapes).

import type { Dialect } from "./dialect.ts";

export type WireError = { message: string; type: string; code: string; param?: string | null };

export function toErrorBody(dialect: Dialect, error: WireError, details?: unknown): string {
  if (dialect === "anthropic") {
    return JSON.stringify({
      type: "error",
      error: {
        type: error.type,
        message: error.message,
        ...(details === undefined ? {} : { details }),
      },
    });
  }
  return JSON.stringify({
    error: {
      message: error.message,
      type: error.type,
      param: error.param ?? null,
      code: error.code,
      ...(details === undefined ? {} : { details }),
    },
  });
}

/** The event that ends a stream which failed after its first byte (DESIGN.md: no [DONE]). */
export function toErrorEvent(dialect: Dialect, error: WireError): string {
  return `event: error\ndata: ${toErrorBody(dialect, error)}\n\n`;
}
