// The Vercel AI SDK through the proxy, across dialects: a tool-calling loop with the OpenAI
// provider (chat and Responses) against an Anthropic upstream, and with the Anthropic provider
// against an OpenAI one, generated whole and streamed.

import { expect, test } from "bun:test";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { startProxy } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

type Weather = { city: string };

function weatherTools(seen: string[]) {
  return {
    get_weather: tool({
      description: "The weather in a city",
      inputSchema: jsonSchema<Weather>({
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      }),
      execute: async ({ city }: Weather) => {
        seen.push(city);
        return `sunny in ${city}`;
      },
    }),
  };
}

/** The mock calls get_weather on a fresh question and answers in text once it has results. */
const callWeather = { "x-mock-tool-calls": "get_weather" };

async function startBoth() {
  const upstream = startMockUpstream();
  const proxy = startProxy({
    providers: [
      { name: "gpt", type: "openai", base_url: upstream.url, api_key: "k1", models: ["gpt-*"] },
      {
        name: "claude",
        type: "anthropic",
        base_url: upstream.url,
        api_key: "k2",
        models: ["claude-*"],
      },
    ],
  });
  return { upstream, proxy };
}

test("the OpenAI provider's chat model runs a tool loop against an Anthropic upstream", async () => {
  const { upstream, proxy } = await startBoth();
  await using _upstream = upstream;
  await using _proxy = proxy;
  const openai = createOpenAI({ baseURL: proxy.baseURL, apiKey: "x" });
  const seen: string[] = [];

  const result = await generateText({
    model: openai.chat("claude-x"),
    prompt: "What is the weather in Paris?",
    tools: weatherTools(seen),
    stopWhen: stepCountIs(3),
    headers: callWeather,
  });
  expect(seen).toEqual(["mock"]);
  expect(result.steps).toHaveLength(2);
  expect(result.steps[0]?.finishReason).toBe("tool-calls");
  expect(result.text).toBe("tool results: sunny in mock");
  expect(upstream.requests.map((request) => request.path)).toEqual([
    "/v1/messages",
    "/v1/messages",
  ]);

  const streamed = streamText({
    model: openai.chat("claude-x"),
    prompt: "And in Rome?",
    tools: weatherTools(seen),
    stopWhen: stepCountIs(3),
    headers: callWeather,
  });
  expect(await streamed.text).toBe("tool results: sunny in mock");
  expect((await streamed.steps).map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
  expect((await streamed.totalUsage).outputTokens).toBeGreaterThan(0);
});

test("the OpenAI provider's Responses model runs a tool loop against an Anthropic upstream", async () => {
  const { upstream, proxy } = await startBoth();
  await using _upstream = upstream;
  await using _proxy = proxy;
  const openai = createOpenAI({ baseURL: proxy.baseURL, apiKey: "x" });
  const seen: string[] = [];

  const streamed = streamText({
    model: openai.responses("claude-x"),
    prompt: "What is the weather in Oslo?",
    tools: weatherTools(seen),
    stopWhen: stepCountIs(3),
    headers: callWeather,
  });
  expect(await streamed.text).toBe("tool results: sunny in mock");
  expect(seen).toEqual(["mock"]);
  expect(upstream.requests.map((request) => request.path)).toEqual([
    "/v1/messages",
    "/v1/messages",
  ]);
});

test("the Anthropic provider runs a tool loop against an OpenAI upstream", async () => {
  const { upstream, proxy } = await startBoth();
  await using _upstream = upstream;
  await using _proxy = proxy;
  const anthropic = createAnthropic({ baseURL: proxy.baseURL, apiKey: "x" });
  const seen: string[] = [];

  const result = await generateText({
    model: anthropic("gpt-x"),
    maxOutputTokens: 200,
    prompt: "What is the weather in Lima?",
    tools: weatherTools(seen),
    stopWhen: stepCountIs(3),
    headers: callWeather,
  });
  expect(seen).toEqual(["mock"]);
  expect(result.steps.map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
  expect(result.text).toBe("tool results: sunny in mock");
  expect(upstream.requests.map((request) => request.path)).toEqual([
    "/v1/chat/completions",
    "/v1/chat/completions",
  ]);

  const streamed = streamText({
    model: anthropic("gpt-x"),
    maxOutputTokens: 200,
    prompt: "And in Quito?",
    tools: weatherTools(seen),
    stopWhen: stepCountIs(3),
    headers: callWeather,
  });
  expect(await streamed.text).toBe("tool results: sunny in mock");
  expect((await streamed.totalUsage).inputTokens).toBeGreaterThan(0);
});
