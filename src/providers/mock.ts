// The mock provider answers in-process (no network), so the shipped config works offline.
// Every model echoes the last user message in the dialect it was asked in (chat, Responses,
// Messages); `mock-echo` is the documented one.

import { responsesBody, responsesStreamEvents } from "./mock-responses-wire.ts";
import {
  anthropicMessageBody,
  anthropicStreamEvents,
  countWords,
  openAICompletionBody,
  openAIStreamEvents,
  splitIntoPieces,
} from "./mock-wire.ts";
import type { Provider, UpstreamCall } from "./types.ts";

export const mockProvider: Provider = {
  kind: "mock",
  dialects: ["openai-chat", "openai-responses", "anthropic-messages"],
  toUpstreamUrl: (_baseUrl, call) => `mock://local${call.pathname}${call.search}`,
  applyCredential: () => {},
  applyDefaults: () => {},
  healthPath: "/models",
  respond: respondLikeAnUpstream,
};

// --- internal ---

type ChatBody = { model?: unknown; stream?: unknown; messages?: unknown; input?: unknown };

async function respondLikeAnUpstream(request: Request, call: UpstreamCall): Promise<Response> {
  const operation = call.pathname.replace(/^\/v1/, "");
  if (request.method === "GET" && operation === "/models") {
    return Response.json({
      object: "list",
      data: [{ id: "mock-echo", object: "model", created: 0, owned_by: "llm-proxy" }],
    });
  }
  if (request.method !== "POST") return notFound(call.pathname);
  const body = (await request.json().catch(() => ({}))) as ChatBody;
  const model = call.model ?? (typeof body.model === "string" ? body.model : "mock-echo");
  const id = `mock-${crypto.randomUUID()}`;
  const prompt = lastUserText(body.messages);
  const usage = { input: countWords(allText(body.messages)), output: countWords(prompt) };
  const stream = body.stream === true;
  if (operation === "/chat/completions") {
    if (!stream) return Response.json(openAICompletionBody(id, model, prompt, usage));
    const wantsUsage = hasIncludeUsage(body);
    return sse(
      openAIStreamEvents(id, model, splitIntoPieces(prompt), wantsUsage ? usage : undefined),
    );
  }
  if (operation === "/messages") {
    if (!stream) return Response.json(anthropicMessageBody(id, model, prompt, usage));
    return sse(anthropicStreamEvents(id, model, splitIntoPieces(prompt), usage));
  }
  if (operation === "/responses") {
    const input = typeof body.input === "string" ? body.input : lastUserText(body.input);
    const answer = { input: countWords(input), output: countWords(input) };
    if (!stream) return Response.json(responsesBody(id, model, input, answer));
    return sse(responsesStreamEvents(id, model, splitIntoPieces(input), answer));
  }
  if (operation === "/messages/count_tokens") {
    return Response.json({ input_tokens: usage.input });
  }
  if (operation === "/embeddings") return Response.json(embeddings(model, body.input));
  return notFound(call.pathname);
}

function sse(events: string[]): Response {
  return new Response(events.join(""), {
    headers: { "content-type": "text/event-stream; charset=utf-8" },
  });
}

function notFound(pathname: string): Response {
  const error = {
    message: `mock provider has no ${pathname}`,
    type: "not_found_error",
    code: "not_found",
  };
  return Response.json({ error }, { status: 404 });
}

function hasIncludeUsage(body: ChatBody): boolean {
  const options = (body as { stream_options?: { include_usage?: unknown } }).stream_options;
  return options?.include_usage === true;
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown } | null;
    if (message?.role === "user") return contentText(message.content);
  }
  return "";
}

function allText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  return messages.map((m) => contentText((m as { content?: unknown } | null)?.content)).join(" ");
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (part as { text?: unknown } | null)?.text)
    .filter((text): text is string => typeof text === "string")
    .join(" ");
}

function embeddings(model: string, input: unknown) {
  const inputs = Array.isArray(input) ? input : [input];
  const data = inputs.map((item, index) => ({
    object: "embedding",
    index,
    embedding: Array.from({ length: 8 }, (_, i) => ((String(item).length + i) % 10) / 10),
  }));
  const tokens = inputs.reduce<number>((sum, item) => sum + countWords(String(item)), 0);
  return { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
