// Translation through the real proxy: the OpenAI SDK against an Anthropic provider and the
// Anthropic SDK against an OpenAI one, JSON and streamed, with tools; Responses (Codex) to a
// chat-only provider; fallback across dialects; refusals, drops, the cache and usage rows.

import { expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { openStore, type SqliteStore } from "../../src/store/index.ts";
import { startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

type Row = Record<string, unknown>;

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" } },
      required: ["city"],
    },
  },
};

const anthropicWeatherTool = {
  name: "get_weather",
  description: "The weather in a city",
  input_schema: {
    type: "object" as const,
    properties: { city: { type: "string" }, days: { type: "integer" } },
    required: ["city"],
  },
};

function anthropicProvider(url: string, extra: Record<string, unknown> = {}) {
  return { name: "claude", type: "anthropic", base_url: url, api_key: "sk-ant-secret", ...extra };
}

function chatProvider(url: string, extra: Record<string, unknown> = {}) {
  return { name: "gpt", type: "openai", base_url: url, api_key: "sk-gpt-secret", ...extra };
}

function rowsOf(store: SqliteStore): Row[] {
  return store.db.query<Row, []>("select * from usage_records order by id").all();
}

test("the OpenAI SDK talks to an Anthropic provider, JSON and streamed, usage included", async () => {
  await using upstream = startMockUpstream([
    reply.anthropicMessage("bonjour", { usage: { input_tokens: 21, output_tokens: 4 } }),
    reply.anthropicMessage("bonjour tout le monde", {
      usage: { input_tokens: 23, output_tokens: 6 },
    }),
  ]);
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { providers: [anthropicProvider(upstream.url, { default_max_tokens: 321 })] },
    { store },
  );
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const messages = [
    { role: "system" as const, content: "answer in French" },
    { role: "user" as const, content: "hello" },
  ];

  const { data, response } = await client.chat.completions
    .create(
      { model: "claude-x", messages, temperature: 0.2 },
      { headers: { "openai-organization": "org-1" } },
    )
    .withResponse();
  expect(response.headers.get("x-llm-proxy-translation")).toBe("openai-chat->anthropic-messages");
  expect(data.object).toBe("chat.completion");
  expect(data.choices[0]?.message.content).toBe("bonjour");
  expect(data.choices[0]?.finish_reason).toBe("stop");
  expect(data.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 });
  const asked = upstream.requests[0];
  expect(asked?.path).toBe("/v1/messages");
  expect(asked?.headers["x-api-key"]).toBe("sk-ant-secret");
  expect(asked?.headers["openai-organization"]).toBeUndefined();
  expect(asked?.headers["anthropic-version"]).toBe("2023-06-01");
  expect(asked?.json).toMatchObject({
    model: "claude-x",
    system: "answer in French",
    messages: [{ role: "user", content: "hello" }],
    max_tokens: 321,
    temperature: 0.2,
  });

  const stream = await client.chat.completions.create({
    model: "claude-x",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let usage: OpenAI.CompletionUsage | undefined | null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  expect(text).toBe("bonjour tout le monde");
  expect(usage).toMatchObject({ prompt_tokens: 23, completion_tokens: 6 });
  expect(upstream.requests[1]?.json).toMatchObject({ stream: true });

  await proxy.app.close();
  const rows = rowsOf(store);
  expect(rows.map((row) => [row.model, row.provider, row.input_tokens, row.output_tokens])).toEqual(
    [
      ["claude-x", "claude", 21, 4],
      ["claude-x", "claude", 23, 6],
    ],
  );
  store.close();
});

test("the Anthropic SDK talks to an OpenAI provider; a stream asks the upstream for its usage", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("hola", { usage: { prompt_tokens: 12, completion_tokens: 3 } }),
    reply.openAIChat("hola amigos", { usage: { prompt_tokens: 14, completion_tokens: 5 } }),
  ]);
  await using proxy = startProxy({ providers: [chatProvider(upstream.url)] });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const params = {
    model: "gpt-x",
    max_tokens: 50,
    system: [{ type: "text" as const, text: "answer in Spanish" }],
    messages: [{ role: "user" as const, content: "hello" }],
  };

  const { data, response } = await client.messages
    .create(params, { headers: { "anthropic-beta": "interleaved-thinking-2025-05-14" } })
    .withResponse();
  expect(response.headers.get("x-llm-proxy-translation")).toBe("anthropic-messages->openai-chat");
  expect(data.type).toBe("message");
  expect(data.content).toMatchObject([{ type: "text", text: "hola" }]);
  expect(data.stop_reason).toBe("end_turn");
  expect(data.usage).toMatchObject({ input_tokens: 12, output_tokens: 3 });
  const asked = upstream.requests[0];
  expect(asked?.path).toBe("/v1/chat/completions");
  expect(asked?.headers.authorization).toBe("Bearer sk-gpt-secret");
  // the Anthropic client's own headers mean nothing to an OpenAI server
  expect(asked?.headers["anthropic-beta"]).toBeUndefined();
  expect(asked?.headers["anthropic-version"]).toBeUndefined();
  expect(asked?.json).toMatchObject({
    messages: [
      { role: "system", content: "answer in Spanish" },
      { role: "user", content: "hello" },
    ],
  });

  const message = await client.messages.stream(params).finalMessage();
  expect(message.content).toMatchObject([{ type: "text", text: "hola amigos" }]);
  expect(message.usage).toMatchObject({ input_tokens: 14, output_tokens: 5 });
  expect(upstream.requests[1]?.json).toMatchObject({
    stream: true,
    stream_options: { include_usage: true },
  });
});

test("tool calls cross both ways, whole and streamed, several in one turn", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      chatProvider(upstream.url, { models: ["gpt-*"] }),
      anthropicProvider(upstream.url, { models: ["claude-*"] }),
    ],
  });
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const lookupTool = {
    type: "function" as const,
    function: {
      name: "lookup",
      parameters: { type: "object", properties: { q: { type: "string" } } },
    },
  };
  const both = { headers: { "x-mock-tool-calls": "get_weather,lookup" } };

  // OpenAI client, Anthropic provider
  const called = await openai.chat.completions.create(
    {
      model: "claude-x",
      messages: [{ role: "user", content: "weather in Paris?" }],
      tools: [weatherTool, lookupTool],
    },
    both,
  );
  const calls = called.choices[0]?.message.tool_calls ?? [];
  expect(called.choices[0]?.finish_reason).toBe("tool_calls");
  expect(calls.map((call) => call.type === "function" && call.function.name)).toEqual([
    "get_weather",
    "lookup",
  ]);
  const first = calls[0];
  expect(first?.type === "function" && JSON.parse(first.function.arguments)).toEqual({
    city: "mock",
    days: 1,
  });
  expect(upstream.requests[0]?.json).toMatchObject({
    tools: [{ name: "get_weather", input_schema: weatherTool.function.parameters }, {}],
  });

  const streamed = await openai.chat.completions.create(
    {
      model: "claude-x",
      messages: [{ role: "user", content: "weather in Paris?" }],
      tools: [weatherTool, lookupTool],
      stream: true,
    },
    both,
  );
  const argumentsByIndex: string[] = [];
  const names: string[] = [];
  for await (const chunk of streamed) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      if (delta.function?.name) names[delta.index] = delta.function.name;
      argumentsByIndex[delta.index] =
        (argumentsByIndex[delta.index] ?? "") + (delta.function?.arguments ?? "");
    }
  }
  expect(names).toEqual(["get_weather", "lookup"]);
  expect(argumentsByIndex.map((json) => JSON.parse(json))).toEqual([
    { city: "mock", days: 1 },
    { q: "mock" },
  ]);

  // the tool results go back as one Anthropic user turn of tool_result blocks
  const toolCalls = calls.map((call) => ({
    id: call.id,
    type: "function" as const,
    function: call.type === "function" ? call.function : { name: "", arguments: "" },
  }));
  const answered = await openai.chat.completions.create({
    model: "claude-x",
    messages: [
      { role: "user", content: "weather in Paris?" },
      { role: "assistant", content: null, tool_calls: toolCalls },
      { role: "tool", tool_call_id: toolCalls[0]?.id ?? "", content: "sunny" },
      { role: "tool", tool_call_id: toolCalls[1]?.id ?? "", content: "found" },
    ],
    tools: [weatherTool, lookupTool],
  });
  expect(answered.choices[0]?.message.content).toBe("tool results: sunny, found");
  const lastTurn = (upstream.requests[2]?.json as { messages?: Row[] } | undefined)?.messages?.at(
    -1,
  );
  expect(lastTurn).toMatchObject({
    role: "user",
    content: [
      { type: "tool_result", tool_use_id: toolCalls[0]?.id, content: "sunny" },
      { type: "tool_result", tool_use_id: toolCalls[1]?.id, content: "found" },
    ],
  });

  // Anthropic client, OpenAI provider
  const used = await anthropic.messages.create({
    model: "gpt-x",
    max_tokens: 100,
    messages: [{ role: "user", content: "weather in Rome?" }],
    tools: [anthropicWeatherTool],
    tool_choice: { type: "tool", name: "get_weather" },
  });
  expect(used.stop_reason).toBe("tool_use");
  expect(used.content).toMatchObject([
    { type: "tool_use", name: "get_weather", input: { city: "mock", days: 1 } },
  ]);
  expect(upstream.requests[3]?.json).toMatchObject({
    tools: [{ type: "function", function: { name: "get_weather" } }],
    tool_choice: { type: "function", function: { name: "get_weather" } },
  });
  const final = await anthropic.messages
    .stream({
      model: "gpt-x",
      max_tokens: 100,
      messages: [{ role: "user", content: "weather in Rome?" }],
      tools: [anthropicWeatherTool],
      tool_choice: { type: "tool", name: "get_weather" },
    })
    .finalMessage();
  expect(final.stop_reason).toBe("tool_use");
  expect(final.content).toMatchObject([
    { type: "tool_use", name: "get_weather", input: { city: "mock", days: 1 } },
  ]);
});

test("Codex's Responses requests reach a chat-only provider; hosted tools are dropped and named", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [chatProvider(upstream.url, { dialects: ["openai-chat"] })],
  });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const request = {
    model: "gpt-x",
    instructions: "You are a coding agent.",
    input: [{ role: "user" as const, content: "list the files" }],
    tools: [
      { type: "web_search" as const },
      {
        type: "function" as const,
        name: "shell",
        parameters: { type: "object", properties: { command: { type: "string" } } },
        strict: false,
      },
    ],
    store: false,
    include: ["reasoning.encrypted_content" as const],
  };

  const { data, response } = await client.responses
    .create(request, { headers: { "openai-organization": "org-bench" } })
    .withResponse();
  expect(response.headers.get("x-llm-proxy-translation")).toBe("openai-responses->openai-chat");
  // between OpenAI's own dialects the vendor's headers still mean something
  expect(upstream.requests[0]?.headers["openai-organization"]).toBe("org-bench");
  expect(response.headers.get("x-llm-proxy-dropped")?.split(",")).toEqual(
    expect.arrayContaining(["tools[web_search]", "include"]),
  );
  expect(data.object).toBe("response");
  expect(data.output_text).toBe("echo: list the files");
  expect(upstream.requests[0]?.path).toBe("/v1/chat/completions");
  expect(upstream.requests[0]?.json).toMatchObject({
    messages: [
      { role: "system", content: "You are a coding agent." },
      { role: "user", content: "list the files" },
    ],
    tools: [{ type: "function", function: { name: "shell" } }],
  });

  const stream = await client.responses.create(
    { ...request, stream: true },
    { headers: { "x-mock-tool-calls": "shell" } },
  );
  const types: string[] = [];
  let completed: OpenAI.Responses.Response | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "response.completed") completed = event.response;
  }
  expect(types[0]).toBe("response.created");
  expect(types).toContain("response.function_call_arguments.delta");
  expect(completed?.output).toMatchObject([
    { type: "function_call", name: "shell", arguments: JSON.stringify({ command: "mock" }) },
  ]);
});

test("fallback crosses dialects: an Anthropic provider fails, an OpenAI one answers", async () => {
  await using claude = startMockUpstream([reply.anthropicStatus(529)]);
  await using gpt = startMockUpstream();
  await using proxy = startProxy({
    routing: { strategy: "failover" },
    providers: [anthropicProvider(claude.url), chatProvider(gpt.url)],
  });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });

  const { data, response } = await client.messages
    .create({ model: "claude-x", max_tokens: 20, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  expect(response.headers.get("x-llm-proxy-provider")).toBe("gpt");
  expect(response.headers.get("x-llm-proxy-attempts")).toBe("2");
  expect(response.headers.get("x-llm-proxy-translation")).toBe("anthropic-messages->openai-chat");
  expect(data.content).toMatchObject([{ type: "text", text: "echo: hi" }]);
  // the first candidate was asked in the client's own dialect, untouched
  expect(claude.requests[0]?.path).toBe("/v1/messages");
  expect(gpt.requests[0]?.path).toBe("/v1/chat/completions");
});

test("an upstream error reaches the client in its own dialect, with the upstream's status", async () => {
  await using upstream = startMockUpstream([
    reply.anthropicStatus(400, {
      type: "error",
      error: {
        type: "invalid_request_error",
        message: "messages: text content blocks must be non-empty",
      },
    }),
  ]);
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });

  const failure = await client.chat.completions
    .create({ model: "claude-x", messages: [{ role: "user", content: "x" }] })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
  const error = failure as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.status).toBe(400);
  expect(error.type).toBe("invalid_request_error");
  expect(error.message).toContain("text content blocks must be non-empty");
  expect(error.headers?.get("x-llm-proxy-translation")).toBe("openai-chat->anthropic-messages");
});

test("what no candidate can take is refused with 400 untranslatable_field; another candidate takes it", async () => {
  await using upstream = startMockUpstream();
  await using onlyClaude = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: onlyClaude.baseURL, apiKey: "x", maxRetries: 0 });
  const asked = { model: "claude-x", messages: [{ role: "user" as const, content: "hi" }], n: 2 };

  const failure = await client.chat.completions.create(asked).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
  const error = failure as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.code).toBe("untranslatable_field");
  expect(error.param).toBe("n");
  expect(upstream.requests).toHaveLength(0);

  // with a provider that speaks the dialect, the Anthropic one is skipped, not failed
  await using both = startProxy({
    routing: { strategy: "failover" },
    providers: [anthropicProvider(upstream.url), chatProvider(upstream.url)],
  });
  const second = new OpenAI({ baseURL: both.baseURL, apiKey: "x", maxRetries: 0 });
  const { response } = await second.chat.completions.create(asked).withResponse();
  expect(response.headers.get("x-llm-proxy-provider")).toBe("gpt");
  expect(response.headers.get("x-llm-proxy-translation")).toBeNull();
  expect(upstream.requests.map((request) => request.path)).toEqual(["/v1/chat/completions"]);
});

test("fields only the source dialect has are dropped and named in x-llm-proxy-dropped", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [chatProvider(upstream.url)] });
  const response = await fetch(`${proxy.origin}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify({
      model: "gpt-x",
      max_tokens: 20,
      metadata: { user_id: "u-1" },
      system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("x-llm-proxy-dropped")?.split(",")).toEqual(
    expect.arrayContaining(["system[0].cache_control"]),
  );
  expect(((await response.json()) as { content: Row[] }).content[0]).toMatchObject({
    type: "text",
    text: "echo: hi",
  });
  expect(JSON.stringify(upstream.requests[0]?.json)).not.toContain("cache_control");
});

test("the cache keeps each dialect's answer apart, each in its own shape", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    cache: { enabled: true, ttl: 60_000 },
    providers: [chatProvider(upstream.url)],
  });
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const ask = () =>
    anthropic.messages
      .create({ model: "gpt-x", max_tokens: 20, messages: [{ role: "user", content: "hi" }] })
      .withResponse();

  const viaAnthropic = await ask();
  const again = await ask();
  expect(viaAnthropic.response.headers.get("x-cache-status")).toBe("MISS");
  expect(again.response.headers.get("x-cache-status")).toBe("HIT");
  expect(again.data).toEqual(viaAnthropic.data);
  expect(again.data.type).toBe("message");

  const viaOpenAI = await openai.chat.completions
    .create({ model: "gpt-x", max_tokens: 20, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  expect(viaOpenAI.response.headers.get("x-cache-status")).toBe("MISS");
  expect(viaOpenAI.data.choices[0]?.message.content).toBe("echo: hi");
  expect(upstream.requests).toHaveLength(2);
});

test("count_tokens passes through to Anthropic providers and is estimated for the others", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      anthropicProvider(upstream.url, { models: ["claude-*"] }),
      chatProvider(upstream.url, { models: ["gpt-*"] }),
    ],
  });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "how many tokens is this sentence?" }];

  const counted = await client.messages.countTokens({ model: "claude-x", messages }).withResponse();
  expect(counted.response.headers.get("x-llm-proxy-estimated")).toBeNull();
  expect(upstream.requests.map((request) => request.path)).toEqual(["/v1/messages/count_tokens"]);
  expect(counted.data.input_tokens).toBeGreaterThan(0);

  const estimated = await client.messages.countTokens({ model: "gpt-x", messages }).withResponse();
  expect(estimated.response.headers.get("x-llm-proxy-estimated")).toBe("true");
  expect(estimated.data.input_tokens).toBeGreaterThan(5);
  expect(upstream.requests).toHaveLength(1);
});

test("thinking crosses with its signature, so a tool loop with thinking is accepted", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const question = { role: "user" as const, content: "weather in Paris?" };

  const first = await client.chat.completions.create(
    { model: "claude-x", messages: [question], tools: [weatherTool], reasoning_effort: "medium" },
    { headers: { "x-mock-tool-calls": "get_weather" } },
  );
  const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & {
    reasoning_content?: string;
    thinking_blocks?: { type: string; thinking: string; signature: string }[];
  };
  expect(message.reasoning_content).toBe("thinking about: weather in Paris?");
  expect(message.thinking_blocks?.[0]?.signature).toBeTruthy();
  const asked = upstream.requests[0]?.json as { thinking?: unknown; max_tokens?: number };
  expect(asked.thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
  expect(asked.max_tokens).toBeGreaterThanOrEqual(4096 + 1024);

  const call = message.tool_calls?.[0];
  const followUp = await client.chat.completions.create({
    model: "claude-x",
    reasoning_effort: "medium",
    tools: [weatherTool],
    messages: [
      question,
      { ...message, content: message.content ?? null } as OpenAI.ChatCompletionMessageParam,
      { role: "tool", tool_call_id: call?.id ?? "", content: "sunny" },
    ],
  });
  // the mock answers 400, as Anthropic does, when a thinking block's signature is wrong
  expect(followUp.choices[0]?.message.content).toBe("tool results: sunny");
  const replayed = (upstream.requests[1]?.json as { messages?: Row[] } | undefined)?.messages?.[1];
  expect(replayed).toMatchObject({
    role: "assistant",
    content: [
      { type: "thinking", signature: message.thinking_blocks?.[0]?.signature },
      { type: "tool_use", name: "get_weather" },
    ],
  });
});

test("a translated stream the upstream cuts ends with an error event in the client's dialect", async () => {
  await using upstream = startMockUpstream({ chunkCount: 8 });
  const store = openStore(":memory:");
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] }, { store });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-mock-disconnect-after": "4" },
    body: JSON.stringify({
      model: "claude-x",
      stream: true,
      messages: [{ role: "user", content: "one two three four five six" }],
    }),
  });
  const text = await response.text();
  expect(text).toContain("chat.completion.chunk");
  expect(text).toContain("event: error");
  expect(text).not.toContain("[DONE]");
  expect(text).not.toContain("message_start");

  await proxy.app.close();
  expect(rowsOf(store).map((row) => [row.provider, row.error_class])).toEqual([
    ["claude", "upstream_error"],
  ]);
  store.close();
});

test("a JSON answer too large to translate is a 502 in the client's dialect, not bytes it cannot read", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });

  const failure = await client.chat.completions
    .create(
      { model: "claude-x", messages: [{ role: "user", content: "a lot" }] },
      { headers: { "x-mock-body-bytes": String(17 * 1024 * 1024) } },
    )
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
  const error = failure as InstanceType<typeof OpenAI.InternalServerError>;
  expect(error.status).toBe(502);
  expect(error.message).toContain("too large to translate");
});
