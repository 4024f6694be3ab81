// The one error a dashboard call ends in: the answer's status (0 when none came) and a message
// that says what happened. No DOM in here: unit tests, checked without the DOM library, use it.

export class ApiError extends Error {
  readonly status: number;
  /** The answer's parsed body, for errors that carry more than a message (a refused reload). */
  readonly data: unknown;
  constructor(status: number, message: string, data: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.data = data;
  }
}

/** What a failed call shows: api() throws ApiErrors; anything else (a bug) gets no status. */
export function toApiError(caught: unknown): ApiError {
  if (caught instanceof ApiError) return caught;
  return new ApiError(0, caught instanceof Error ? caught.message : String(caught));
}
