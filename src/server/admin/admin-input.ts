// Reading admin requests: JSON bodies checked by zod schemas (errors name the field, as
// "body.rpm: expected a positive integer"), and the query parameters the listings share.

import type { z } from "zod";
import { parseDurationMs } from "../../config/index.ts";
import { ProxyError } from "../../shared/index.ts";

export async function parseBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.output<Schema>> {
  let parsed: unknown;
  try {
    parsed = await request.json();
  } catch {
    throw notAnObject();
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw notAnObject();
  const result = schema.safeParse(parsed);
  if (result.success) return result.data;
  throw toBodyError(result.error);
}

/** A duration query parameter (90s, 12h, 30d), or `fallback` when absent. */
export function durationParam(url: URL, name: string, fallback: string): number {
  return durationValue(name, url.searchParams.get(name) ?? fallback);
}

export function durationValue(name: string, value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    throw new ProxyError(
      "invalid_request",
      `${name}: expected a duration like 90s, 12h or 30d, got "${value}"`,
      { param: name },
    );
  }
  return ms;
}

/** A positive integer `limit`, capped; anything else falls back to the default. */
export function limitParam(url: URL, fallback: number, max = 10_000): number {
  const limit = Number(url.searchParams.get("limit") ?? fallback);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, max) : fallback;
}

// --- internal ---

function notAnObject(): ProxyError {
  return new ProxyError("invalid_request", "expected a JSON object body");
}

function toBodyError(error: z.ZodError): ProxyError {
  const issue = error.issues[0];
  if (!issue) return notAnObject();
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return new ProxyError("invalid_request", `body.${key}: unknown field`, { param: key });
  }
  const path = issue.path.map(String).join(".");
  const param = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  const where = path ? `body.${path}` : "body";
  return new ProxyError("invalid_request", `${where}: ${issue.message}`, param ? { param } : {});
}
