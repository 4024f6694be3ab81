// Typed reads of JSON responses in tests: Response.json() is `unknown` under strict types.

export type ErrorPayload = { message: string; type: string; code?: string; details?: unknown };

export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The `error` object of an OpenAI- or Anthropic-shaped error body. */
export async function readError(response: Response): Promise<ErrorPayload> {
  return (await readJson<{ error: ErrorPayload }>(response)).error;
}
