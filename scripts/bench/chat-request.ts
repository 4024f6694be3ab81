// The chat completion request every bench phase sends, and the reply text the mock echoes for it.

export const chatPath = "/v1/chat/completions";

const prompt = "Say hello to the benchmark in a handful of short words";

/** The mock answers "echo: " + the last user message. */
export const expectedReplyText = `echo: ${prompt}`;

/** A model the shipped config routes to its openai provider (pointed at the mock). */
const benchModel = "gpt-4o-mini";

export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: benchModel,
    stream,
    messages: [{ role: "user", content: prompt }],
  });
}

const chatHeaders: Record<string, string> = {
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

/** What a measured request looks like beyond the chat body: streaming or not, x-mock-* headers. */
export type RequestShape = { stream: boolean; headers: Readonly<Record<string, string>> };

export const jsonShape: RequestShape = { stream: false, headers: {} };

/** x-mock-body-bytes: the reply text is padded to about this many bytes. */
export function bigJsonShape(bytes: number): RequestShape {
  return { stream: false, headers: { "x-mock-body-bytes": String(bytes) } };
}

export function sseShape(chunks: number, intervalMs: number): RequestShape {
  return { stream: true, headers: streamShapeHeaders(chunks, intervalMs) };
}
