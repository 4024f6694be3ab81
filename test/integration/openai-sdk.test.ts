import { expect, test } from "bun:test";
import OpenAI from "openai";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const clientToken = "sk-client-token-never-forwarded";

test("a non-streaming chat completion goes through with the upstream credential", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });

  const completion = await client.chat.completions.create({
    model: "gpt-test",
    messages: [{ role: "user", content: "hello proxy" }],
  });

  expect(completion.choices[0]?.message.content).toBe("echo: hello proxy");
  const seen = upstream.requests[0];
  expect(seen?.path).toBe("/v1/chat/completions");
  expect(seen?.headers.authorization).toBe("Bearer sk-upstream-secret");
  expect(JSON.stringify(seen?.headers)).not.toContain(clientToken);
  expect(seen?.json).toMatchObject({
    model: "gpt-test",
    messages: [{ role: "user", content: "hello proxy" }],
  });
});

test("a streamed chat completion arrives chunk by chunk", async () => {
  await using upstream = startMockUpstream({ chunkCount: 4 });
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });

  const stream = await client.chat.completions.create({
    model: "gpt-test",
    stream: true,
    messages: [{ role: "user", content: "one two three four" }],
  });
  const pieces: string[] = [];
  for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");

  expect(pieces.join("")).toBe("echo: one two three four");
  expect(pieces.filter(Boolean).length).toBeGreaterThanOrEqual(4);
});

test("model_map rewrites the model and static headers are added", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      upstreamProvider(upstream.url, {
        model_map: { "gpt-4": "gpt-4-turbo" },
        headers: { "OpenAI-Organization": "org-test" },
      }),
    ],
  });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });

  const completion = await client.chat.completions.create({
    model: "gpt-4",
    messages: [{ role: "user", content: "map me" }],
  });

  expect(completion.choices[0]?.message.content).toBe("echo: map me");
  expect(upstream.requests[0]?.json).toMatchObject({ model: "gpt-4-turbo" });
  expect(upstream.requests[0]?.headers["openai-organization"]).toBe("org-test");
});

test("embeddings pass through with their query string", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });

  const embeddings = await client.embeddings.create({
    model: "text-embedding-test",
    input: ["a", "b"],
  });
  expect(embeddings.data).toHaveLength(2);

  const again = await fetch(`${proxy.baseURL}/embeddings?dimensions=8`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "text-embedding-test", input: "c" }),
  });
  expect(again.status).toBe(200);
  expect(upstream.requests[1]).toMatchObject({
    method: "POST",
    path: "/v1/embeddings",
    query: "?dimensions=8",
  });
});

test("an upstream 4xx reaches the SDK unchanged", async () => {
  await using upstream = startMockUpstream({
    replies: [
      () =>
        Response.json(
          {
            error: { message: "bad temperature", type: "invalid_request_error", code: "bad_param" },
          },
          { status: 400 },
        ),
    ],
  });
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });

  const failure = await client.chat.completions
    .create({ model: "gpt-test", messages: [{ role: "user", content: "x" }] })
    .catch((error: unknown) => error);

  expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
  expect((failure as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
    "bad temperature",
  );
  expect(upstream.requests).toHaveLength(1);
});
