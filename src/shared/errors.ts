// One error class and one code table: every request-ending failure maps to an HTTP status here.

export const errorCodes = {
  invalid_request: { status: 400, type: "invalid_request_error", level: "warn" },
  // the request has a field the chosen provider's dialect cannot express (DESIGN.md, translation)
  untranslatable_field: { status: 400, type: "invalid_request_error", level: "warn" },
  invalid_api_key: { status: 401, type: "authentication_error", level: "warn" },
  permission_denied: { status: 403, type: "permission_error", level: "warn" },
  // a budgeted caller asked for a model no candidate has a price for
  unpriced_model: { status: 403, type: "permission_error", level: "warn" },
  not_found: { status: 404, type: "not_found_error", level: "warn" },
  model_not_found: { status: 404, type: "not_found_error", level: "warn" },
  method_not_allowed: { status: 405, type: "invalid_request_error", level: "warn" },
  // the client did not send its body within server.body_timeout
  request_timeout: { status: 408, type: "invalid_request_error", level: "warn" },
  conflict: { status: 409, type: "invalid_request_error", level: "warn" },
  payload_too_large: { status: 413, type: "invalid_request_error", level: "warn" },
  rate_limited: { status: 429, type: "rate_limit_error", level: "warn" },
  queue_full: { status: 429, type: "rate_limit_error", level: "warn" },
  // OpenAI calls a spent budget insufficient_quota; Anthropic has only rate_limit_error
  budget_exceeded: {
    status: 429,
    type: "insufficient_quota",
    anthropicType: "rate_limit_error",
    level: "warn",
  },
  // nginx's convention: the client closed the connection before the answer.
  client_closed: { status: 499, type: "invalid_request_error", level: "warn" },
  internal_error: { status: 500, type: "api_error", level: "error" },
  upstream_error: { status: 502, type: "api_error", level: "error" },
  all_targets_failed: { status: 502, type: "api_error", level: "error" },
  providers_busy: { status: 503, type: "overloaded_error", level: "warn" },
  queue_timeout: { status: 503, type: "overloaded_error", level: "warn" },
  // request bodies being read fill server.max_body_in_flight
  body_queue_full: { status: 503, type: "overloaded_error", level: "warn" },
  shutting_down: { status: 503, type: "overloaded_error", level: "warn" },
  // Redis (shared.redis) is away and fail_mode is closed: callers with a shared limit or budget
  shared_state_unavailable: { status: 503, type: "overloaded_error", level: "warn" },
  upstream_timeout: { status: 504, type: "timeout_error", level: "error" },
} as const satisfies Record<string, ErrorSpec>;

/** A code's status, error type (and Anthropic's, where its name differs) and log level. */
type ErrorSpec = {
  status: number;
  type: string;
  anthropicType?: string;
  level: "warn" | "error";
};

/** The error type a code has in a dialect. */
export function errorTypeFor(code: ErrorCode, dialect: "openai" | "anthropic"): string {
  const spec: ErrorSpec = errorCodes[code];
  return dialect === "anthropic" ? (spec.anthropicType ?? spec.type) : spec.type;
}

export type ErrorCode = keyof typeof errorCodes;

/** The message of whatever was thrown: an Error's own, anything else as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type ProxyErrorOptions = {
  cause?: unknown;
  param?: string;
  /** Safe, secret-free structured context returned to the client (e.g. each attempt). */
  details?: unknown;
  /** Extra response headers, e.g. retry-after. */
  headers?: Record<string, string>;
};

export class ProxyError extends Error {
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: ProxyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProxyError";
    this.code = code;
    this.param = options.param;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get type(): string {
    return errorCodes[this.code].type;
  }
}

export function isProxyError(error: unknown): error is ProxyError {
  return error instanceof ProxyError;
}
