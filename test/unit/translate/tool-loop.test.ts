// Tool loops with thinking through translation against the mock upstream, which checks thinking
// signatures as Anthropic does: the second turn is accepted only if the signature survived.

import { expect, test } from "bun:test";
import {
  type ApiDialect,
  translateRequest,
  translateResponseBody,
} from "../../../src/translate/index.ts";
import { startMockUpstream } from "../../support/mock-upstream.ts";

type Body = Record<string, unknown>;

async function roundTrip(
  mockUrl: string,
  client: ApiDialect,
  body: Body,
): Promise<{ status: number; answer: Body }> {
  const translated = translateRequest(client, "anthropic-messages", body, {
    defaultMaxTokens: 4096,
  });
  if (!translated.ok) throw new Error(translated.error.message);
  const res = await fetch(`${mockUrl}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-mock-tool-calls": "get_weather" },
    body: JSON.stringify(translated.request.body),
  });
  const upstream = (await res.json()) as Body;
  if (res.status !== 200) return { status: res.status, answer: upstream };
  return {
    status: 200,
    answer: translateResponseBody("anthropic-messages", client, upstream, body),
  };
}

const schema = { type: "object", properties: { city: { type: "string" } } };

test("openai-chat → Anthropic: signed thinking comes back in thinking_blocks and is accepted", async () => {
  await using mock = startMockUpstream();
  const tools = [{ type: "function", function: { name: "get_weather", parameters: schema } }];
  const first: Body = {
    model: "c",
    messages: [{ role: "user", content: "Paris?" }],
    tools,
    reasoning_effort: "low",
  };
  const turn = await roundTrip(mock.url, "openai-chat", first);
  const message = (turn.answer.choices as { message: Body }[])[0]?.message as Body;
  expect(message.thinking_blocks).toHaveLength(1);
  const call = (message.tool_calls as { id: string }[])[0];
  const second = {
    ...first,
    messages: [
      ...(first.messages as Body[]),
      message,
      { role: "tool", tool_call_id: call?.id, content: "sunny" },
    ],
  };
  const next = await roundTrip(mock.url, "openai-chat", second);
  expect(next.status).toBe(200);
  expect((next.answer.choices as { message: Body }[])[0]?.message.content).toBe(
    "tool results: sunny",
  );
  const forged = structuredClone(second);
  ((forged.messages[1] as Body).thinking_blocks as Body[])[0] = {
    type: "thinking",
    thinking: "x",
    signature: "forged",
  };
  expect((await roundTrip(mock.url, "openai-chat", forged)).status).toBe(400);
});

test("openai-responses → Anthropic: the signature rides in encrypted_content and is accepted", async () => {
  await using mock = startMockUpstream();
  const tools = [{ type: "function", name: "get_weather", parameters: schema }];
  const first: Body = {
    model: "c",
    input: "Paris?",
    tools,
    reasoning: { effort: "low" },
    store: false,
    include: ["reasoning.encrypted_content"],
  };
  const turn = await roundTrip(mock.url, "openai-responses", first);
  const output = turn.answer.output as Body[];
  expect(output.map((item) => item.type)).toEqual(["reasoning", "function_call"]);
  const call = output[1] as Body;
  const second = {
    ...first,
    input: [
      { role: "user", content: "Paris?" },
      ...output,
      { type: "function_call_output", call_id: call.call_id, output: "sunny" },
    ],
  };
  const next = await roundTrip(mock.url, "openai-responses", second);
  expect(next.status).toBe(200);
  expect(next.answer.output).toMatchObject([
    { type: "reasoning" },
    { type: "message", content: [{ type: "output_text", text: "tool results: sunny" }] },
  ]);
});
