// The chat completion request every bench phase sends, and the reply text the mock echoes for it.

export const chatPath = "/v1/chat/completions";

const prompt = "Say hello to the benchmark in a handful of short words";

/** The mock answers "echo: " + the last user message. */
export const expectedReplyText = `echo: ${prompt}`;

export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: "mock-model",
    stream,
    messages: [{ role: "user", content: prompt }],
  });
}

export const chatHeaders: Record<string, string> = {
  "content-type": "application/json",
  authorization: "Bearer bench-client",
};

/** chatHeaders, with a client token as the bearer when one is given (auth.mode tokens). */
export function headersWithToken(token: string | undefined): Record<string, string> {
  return token === undefined ? chatHeaders : { ...chatHeaders, authorization: `Bearer ${token}` };
}

/** headersWithToken plus a scenario's own request headers (e.g. x-llm-proxy-cache-ttl). */
export function requestHeaders(
  token: string | undefined,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...headersWithToken(token), ...extra };
}

/** x-mock-* headers (test/support/mock-upstream/overrides.ts) that shape the mock's stream. */
export function streamShapeHeaders(chunks: number, intervalMs: number): Record<string, string> {
  return { "x-mock-chunks": String(chunks), "x-mock-interval-ms": String(intervalMs) };
}
