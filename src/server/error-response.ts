// The one place errors become HTTP responses, in the caller's dialect. Unknown errors become a
// generic internal_error; their cause goes to the log, never to the client. Messages pass
// through redactText, so an upstream URL with ?key= or a token in a message never leaves.

import type { Logger } from "../observability/index.ts";
import {
  type Dialect,
  errorCodes,
  errorTypeFor,
  isProxyError,
  ProxyError,
  redactText,
  toErrorBody,
} from "../shared/index.ts";

export function toErrorResponse(
  error: unknown,
  dialect: Dialect,
  requestId: string,
  logger: Logger,
): Response {
  const proxyError = isProxyError(error)
    ? error
    : new ProxyError("internal_error", "internal error", { cause: error });
  const spec = errorCodes[proxyError.code];
  if (!isProxyError(error))
    logger.error("unhandled error", { request_id: requestId, cause: describeCause(error) });
  else if (spec.level === "error")
    logger.error(proxyError.message, { request_id: requestId, code: proxyError.code });
  const body = toErrorBody(
    dialect,
    {
      message: redactText(proxyError.message),
      type: errorTypeFor(proxyError.code, dialect),
      code: proxyError.code,
      param: proxyError.param ?? null,
    },
    proxyError.details,
  );
  const headers = new Headers({ "content-type": "application/json", "x-request-id": requestId });
  for (const [name, value] of Object.entries(proxyError.headers ?? {})) headers.set(name, value);
  return new Response(body, { status: spec.status, headers });
}

// --- internal ---

function describeCause(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
