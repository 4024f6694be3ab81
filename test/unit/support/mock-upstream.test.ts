// Tests of the mock upstream itself, over real HTTP: scripting, recording, streaming, overrides.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import {
  fixturesDir,
  type MockUpstream,
  readSseEvents,
  reply,
  startMockUpstream,
  toSseEvents,
} from "../../support/mock-upstream.ts";
import { readJson } from "../../support/read-json.ts";

const user = (content: unknown) => ({ role: "user", content });

function post(
  mock: MockUpstream,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const chat = (mock: MockUpstream, body: object, headers?: Record<string, string>) =>
  post(
    mock,
    "/chat/completions",
    { model: "gpt-test", messages: [user("one two three")], ...body },
    headers,
  );

/** The JSON payloads of "data:" events, without the final [DONE]. */
function dataOf(texts: string[]): unknown[] {
  return texts
    .map(
      (text) =>
        text
          .split("\n")
          .find((line) => line.startsWith("data: "))
          ?.slice(6) ?? "",
    )
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data));
}

function gapsMs(times: number[]): number[] {
  return times.slice(1).map((time, i) => time - (times[i] ?? time));
}

describe("scripting and recording", () => {
  test("answers scripted replies in order, then falls back to the default", async () => {
    await using mock = startMockUpstream([reply.json({ first: true }), reply.status(503)]);
    mock.enqueue(reply.json({ third: true }, { status: 201, headers: { "x-extra": "yes" } }));

    const first = await chat(mock, {});
    expect(await first.json()).toEqual({ first: true });
    const second = await chat(mock, {});
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ error: { type: "server_error" } });
    const third = await chat(mock, {});
    expect([third.status, third.headers.get("x-extra")]).toEqual([201, "yes"]);
    const fourth = await chat(mock, {});
    expect(await fourth.json()).toMatchObject({ object: "chat.completion" });

    const indexes = [first, second, third, fourth].map((r) =>
      r.headers.get("x-mock-request-index"),
    );
    expect(indexes).toEqual(["0", "1", "2", "3"]);
    expect(mock.url).toBe(`${mock.origin}/v1`);
    expect(mock.origin).toBe(`http://127.0.0.1:${mock.port}`);
  });

  test("records method, path, query, lower-cased headers, body and parsed json", async () => {
    await using mock = startMockUpstream();
    const before = performance.now();
    await fetch(`${mock.url}/chat/completions?api-version=1`, {
      method: "POST",
      headers: { "X-Custom-Header": "Yes", "content-type": "application/json" },
      body: '{"model":"m"}',
    });
    await fetch(`${mock.origin}/plain`, { method: "PUT", body: "not json" });

    const [json, plain] = mock.requests;
    expect(json).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      query: "?api-version=1",
      body: '{"model":"m"}',
      json: { model: "m" },
      aborted: false,
    });
    expect(json?.headers["x-custom-header"]).toBe("Yes");
    expect(json?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(plain).toMatchObject({ method: "PUT", path: "/plain", query: "", body: "not json" });
    expect(plain?.json).toBeUndefined();
  });

  test("a reply that throws becomes a 500 naming the error", async () => {
    await using mock = startMockUpstream([
      () => {
        throw new Error("script bug");
      },
    ]);
    const res = await chat(mock, {});
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain("script bug");
  });

  test("waitForRequests rejects when the mock stops first", async () => {
    const mock = startMockUpstream();
    // expect(...).rejects would block until settled, before stop() could run
    const waiting = mock.waitForRequests(1).then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await mock.stop();
    expect(await waiting).toContain("mock upstream stopped");
  });
});

describe("default replies", () => {
  test("echoes the last user message as a chat completion with word-count usage", async () => {
    await using mock = startMockUpstream();
    const parts = [
      { type: "text", text: "hello" },
      { type: "text", text: "world" },
    ];
    const messages = [{ role: "system", content: "be brief" }, user("first"), user(parts)];
    const body = await (await chat(mock, { messages })).json();

    expect(body).toMatchObject({
      object: "chat.completion",
      model: "gpt-test",
      choices: [{ index: 0, message: { role: "assistant", content: "echo: hello world" } }],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
  });

  test("streams chunkCount content chunks spaced by chunkIntervalMs, then usage and [DONE]", async () => {
    await using mock = startMockUpstream({ chunkCount: 4, chunkIntervalMs: 25 });
    const res = await chat(mock, { stream: true, stream_options: { include_usage: true } });
    const { events, ending } = await readSseEvents(res);

    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(ending).toBe("done");
    // role, 4 content chunks, stop, usage, [DONE]
    expect(events.map((event) => event.text).at(-1)).toBe("data: [DONE]");
    const chunks = dataOf(events.map((event) => event.text)) as OpenAI.ChatCompletionChunk[];
    expect(chunks).toHaveLength(7);
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "");
    expect(content.filter(Boolean)).toHaveLength(4);
    expect(content.join("")).toBe("echo: one two three");
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
    });
    for (const gap of gapsMs(events.map((event) => event.atMs))) {
      expect(gap).toBeGreaterThanOrEqual(25 * 0.6);
    }
  });

  test("streams the Anthropic event sequence for /v1/messages", async () => {
    await using mock = startMockUpstream();
    const body = {
      model: "claude-test",
      max_tokens: 10,
      stream: true,
      messages: [user("hi there")],
    };
    const { events } = await readSseEvents(await post(mock, "/messages", body));

    const names = events.map((event) => event.text.split("\n")[0]?.replace("event: ", ""));
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const data = dataOf(events.map((event) => event.text)) as Anthropic.RawMessageStreamEvent[];
    const text = data.map((e) =>
      e.type === "content_block_delta" && "text" in e.delta ? e.delta.text : "",
    );
    expect(text.join("")).toBe("echo: hi there");
    expect(data[6]).toMatchObject({
      delta: { stop_reason: "end_turn" },
      usage: { output_tokens: 3 },
    });
    expect(data[0]).toMatchObject({
      message: { model: "claude-test", usage: { input_tokens: 2 } },
    });
  });

  test("serves embeddings, legacy completions, models and a 404 for anything else", async () => {
    await using mock = startMockUpstream();
    const embeddings = await readJson<{ data: { embedding: number[] }[] }>(
      await post(mock, "/embeddings", { model: "e", input: ["a b", "c"] }),
    );
    expect(embeddings).toMatchObject({ object: "list", model: "e", usage: { prompt_tokens: 3 } });
    expect(embeddings.data.map((d) => d.embedding.length)).toEqual([8, 8]);

    const completion = await (
      await post(mock, "/completions", { model: "c", prompt: "say" })
    ).json();
    expect(completion).toMatchObject({
      object: "text_completion",
      choices: [{ text: "echo: say" }],
    });

    const models = await readJson<{ data: unknown[] }>(await fetch(`${mock.url}/models`));
    expect(models.data[0]).toMatchObject({ id: "mock-model", object: "model", owned_by: "mock" });

    const missing = await fetch(`${mock.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  test("the official OpenAI and Anthropic clients parse the default replies", async () => {
    await using mock = startMockUpstream();
    const openai = new OpenAI({ baseURL: mock.url, apiKey: "sk-test", maxRetries: 0 });
    const messages = [{ role: "user" as const, content: "hello sdk" }];
    const completion = await openai.chat.completions.create({ model: "gpt-test", messages });
    expect(completion.choices[0]?.message.content).toBe("echo: hello sdk");
    const stream = openai.chat.completions.stream({ model: "gpt-test", messages, stream: true });
    expect((await stream.finalChatCompletion()).choices[0]?.message.content).toBe(
      "echo: hello sdk",
    );
    const embedded = await openai.embeddings.create({ model: "e", input: "text" });
    expect(embedded.data[0]?.embedding).toHaveLength(8);

    const anthropic = new Anthropic({ baseURL: mock.origin, apiKey: "sk-test", maxRetries: 0 });
    const params = { model: "claude-test", max_tokens: 10, messages };
    const message = await anthropic.messages.create(params);
    expect(message.content[0]).toMatchObject({ type: "text", text: "echo: hello sdk" });
    const final = await anthropic.messages.stream(params).finalMessage();
    expect(final.content[0]).toMatchObject({ type: "text", text: "echo: hello sdk" });
    expect(final.usage.output_tokens).toBe(3);
  });
});

describe("failure scripts", () => {
  test("disconnectAfter cuts the stream with no [DONE]", async () => {
    await using mock = startMockUpstream([
      reply.openAIChat("a b c d", { stream: true, chunks: 4, disconnectAfter: 3 }),
    ]);
    const { events, ending } = await readSseEvents(await chat(mock, {}));

    expect(ending).toBe("error");
    expect(events.length).toBeLessThanOrEqual(3);
    expect(events.map((event) => event.text)).not.toContain("data: [DONE]");
  });

  test("hang() never answers and marks the request aborted when the client gives up", async () => {
    await using mock = startMockUpstream([reply.hang()]);
    const controller = new AbortController();
    const pending = fetch(`${mock.url}/models`, { signal: controller.signal });

    await mock.waitForRequests(1);
    expect(mock.requests[0]?.aborted).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await mock.waitForAbort(0);
    expect(mock.requests[0]?.aborted).toBe(true);
  });

  test("hangAfterHeaders() sends SSE headers and one ping, then waits", async () => {
    await using mock = startMockUpstream([reply.hangAfterHeaders()]);
    const res = await chat(mock, { stream: true });
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/event-stream"]);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(": ping\n\n");

    await reader.cancel();
    await mock.waitForAbort(0);
  });

  test("reply.fixture replays a .sse file event by event", async () => {
    await using mock = startMockUpstream([reply.fixture("anthropic-message", { intervalMs: 5 })]);
    const { events } = await readSseEvents(await chat(mock, {}));
    const file = await Bun.file(join(fixturesDir, "anthropic-message.sse")).text();
    expect(events.map((event) => event.text)).toEqual(toSseEvents(file));
  });
});

describe("override headers", () => {
  test.each([
    ["/chat/completions", { error: { type: "server_error" } }],
    ["/messages", { type: "error", error: { type: "api_error" } }],
  ])("x-mock-status answers %s with that status and its error shape", async (path, shape) => {
    await using mock = startMockUpstream();
    const res = await post(mock, path, { messages: [] }, { "x-mock-status": "503" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject(shape);
  });

  test("x-mock-chunks, x-mock-interval-ms and x-mock-latency-ms shape the stream", async () => {
    await using mock = startMockUpstream();
    const headers = { "x-mock-chunks": "2", "x-mock-interval-ms": "20", "x-mock-latency-ms": "30" };
    const sent = performance.now();
    const { events } = await readSseEvents(await chat(mock, { stream: true }, headers));

    expect(events).toHaveLength(5); // role, 2 content, stop, [DONE]
    expect((events[0]?.atMs ?? 0) - sent).toBeGreaterThanOrEqual(30 * 0.6);
    for (const gap of gapsMs(events.map((event) => event.atMs))) {
      expect(gap).toBeGreaterThanOrEqual(20 * 0.6);
    }
  });

  test("x-mock-disconnect-after cuts the default stream", async () => {
    await using mock = startMockUpstream();
    const res = await chat(mock, { stream: true }, { "x-mock-disconnect-after": "2" });
    const { events, ending } = await readSseEvents(res);
    expect(ending).toBe("error");
    expect(events.length).toBeLessThanOrEqual(2);
  });

  test("x-mock-hang never answers until the client aborts", async () => {
    await using mock = startMockUpstream();
    const controller = new AbortController();
    const pending = fetch(`${mock.url}/models`, {
      headers: { "x-mock-hang": "1" },
      signal: controller.signal,
    });
    await mock.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await mock.waitForAbort(0);
  });

  test("x-mock-body-bytes pads the chat reply", async () => {
    await using mock = startMockUpstream();
    const body = await readJson<{ choices: { message: { content: string } }[] }>(
      await chat(mock, {}, { "x-mock-body-bytes": "4096" }),
    );
    expect(body.choices[0]?.message.content).toHaveLength(4096);
    expect(body.choices[0]?.message.content).toStartWith("echo: one two three");
  });
});

async function launch(...flags: string[]) {
  const script = join(import.meta.dir, "../../../scripts/mock-upstream.ts");
  const proc = Bun.spawn([process.execPath, script, "--port", "0", ...flags], { stdout: "pipe" });
  const reader = proc.stdout.getReader();
  let output = "";
  while (!output.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    output += new TextDecoder().decode(value);
  }
  return { proc, line: output.split("\n")[0] ?? "" };
}

test("the launcher prints its address, serves, and exits 0 on SIGTERM", async () => {
  const { proc, line } = await launch();
  expect(line).toMatch(/^mock upstream listening on http:\/\/127\.0\.0\.1:\d+$/);

  const models = await fetch(`${line.split(" ").at(-1)}/v1/models`);
  expect(models.status).toBe(200);
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
});

test("the launcher with --memo answers a request it has seen from memory", async () => {
  const { proc, line } = await launch("--memo");
  const ask = async () => {
    const answer = await fetch(`${line.split(" ").at(-1)}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "same" }] }),
    });
    return ((await answer.json()) as { id: string }).id;
  };
  const first = await ask();
  expect(await ask()).toBe(first);
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
});
