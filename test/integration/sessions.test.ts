// Sessions through the real server: a multi-turn conversation keeps one x-session-id, a second
// conversation gets its own, and the id lands on usage rows, traces and /metrics.

import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { createTraceRepository, openStore, type SqliteStore } from "../../src/store/index.ts";
import { startProxy, type TestProxy } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { parsePrometheus } from "../unit/observability/metrics/parse-prometheus.ts";

function tempStore(): SqliteStore {
  return openStore(join(mkdtempSync(join(tmpdir(), "llmp-sessions-")), "proxy.db"));
}

/** Plays a conversation turn by turn as a chat client does: resending the whole history. */
async function converse(
  openai: OpenAI,
  system: string,
  userTurns: string[],
): Promise<{ sessionIds: string[]; requestIds: string[] }> {
  const messages: ChatCompletionMessageParam[] = [{ role: "system", content: system }];
  const sessionIds: string[] = [];
  const requestIds: string[] = [];
  for (const turn of userTurns) {
    messages.push({ role: "user", content: turn });
    const { data, response } = await openai.chat.completions
      .create({ model: "gpt-test", messages })
      .withResponse();
    sessionIds.push(response.headers.get("x-session-id") ?? "none");
    requestIds.push(response.headers.get("x-request-id") ?? "none");
    messages.push({ role: "assistant", content: data.choices[0]?.message.content ?? "" });
  }
  return { sessionIds, requestIds };
}

async function metricsOf(proxy: TestProxy) {
  return parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
}

test("three turns share one session; another conversation gets its own; ids reach usage and traces", async () => {
  await using upstream = startMockUpstream();
  const store = tempStore();
  {
    await using proxy = startProxy(
      { providers: [{ name: "up", type: "openai", base_url: upstream.url }] },
      { store },
    );
    const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });

    const travel = await converse(openai, "You plan trips.", [
      "Plan a weekend in Lisbon",
      "Make it cheaper",
      "Add a day trip",
    ]);
    const cooking = await converse(openai, "You plan trips.", ["How do I boil an egg?", "Softer"]);

    const first = travel.sessionIds[0] ?? "none";
    expect(first).toMatch(/^ses_/);
    expect(travel.sessionIds).toEqual([first, first, first]);
    expect(cooking.sessionIds[0]).toMatch(/^ses_/);
    expect(cooking.sessionIds[0]).not.toBe(first);
    expect(cooking.sessionIds[1]).toBe(cooking.sessionIds[0]);

    const metrics = await metricsOf(proxy);
    expect(metrics.get("llm_proxy_active_sessions")).toBe(2);

    await proxy.app.close();
    const usage = store.db
      .query<{ request_id: string; session_id: string | null }, []>(
        "select request_id, session_id from usage_records order by id",
      )
      .all();
    expect(usage.map((row) => row.session_id)).toEqual([
      ...travel.sessionIds,
      ...cooking.sessionIds,
    ]);
    expect(usage.map((row) => row.request_id)).toEqual([
      ...travel.requestIds,
      ...cooking.requestIds,
    ]);
    const traces = (await createTraceRepository(store.db).list({ limit: 100 })).reverse();
    expect(traces.map((trace) => trace.session_id)).toEqual([
      ...travel.sessionIds,
      ...cooking.sessionIds,
    ]);
  }
  store.close();
});

test("an edited whitespace or a trimmed first turn stays in the session; a reset phrase leaves it", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [{ name: "up", type: "openai", base_url: upstream.url }],
  });
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const ask = async (messages: ChatCompletionMessageParam[]) => {
    const { response } = await openai.chat.completions
      .create({ model: "gpt-test", messages })
      .withResponse();
    return response.headers.get("x-session-id");
  };
  const system = { role: "system", content: "Be brief." } as const;
  const turns: ChatCompletionMessageParam[] = [
    system,
    { role: "user", content: "Name a red fruit" },
    { role: "assistant", content: "echo: Name a red fruit" },
    { role: "user", content: "Another one" },
    { role: "assistant", content: "echo: Another one" },
  ];
  const session = await ask(turns.slice(0, 2));
  expect(await ask(turns.slice(0, 4))).toBe(session);
  // the same history with different spacing, then with the first exchange trimmed away
  const respaced = turns.map((message) =>
    typeof message.content === "string"
      ? { ...message, content: `  ${message.content.replaceAll(" ", "   ")}\n` }
      : message,
  ) as ChatCompletionMessageParam[];
  expect(await ask([...respaced, { role: "user", content: "And a yellow one" }])).toBe(session);
  expect(await ask([system, ...turns.slice(3), { role: "user", content: "And a green one" }])).toBe(
    session,
  );
  const reset = await ask([...turns, { role: "user", content: "/reset" }]);
  expect(reset).toMatch(/^ses_/);
  expect(reset).not.toBe(session);
});

test("Anthropic messages join sessions too, and a request without messages has no session", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    providers: [{ name: "up", type: "anthropic", base_url: upstream.url }],
  });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const first = await anthropic.messages
    .create({
      model: "claude-test",
      max_tokens: 20,
      system: "You answer riddles.",
      messages: [{ role: "user", content: "What has keys but no locks?" }],
    })
    .withResponse();
  const answer = first.data.content[0]?.type === "text" ? first.data.content[0].text : "";
  const second = await anthropic.messages
    .create({
      model: "claude-test",
      max_tokens: 20,
      system: "You answer riddles.",
      messages: [
        { role: "user", content: "What has keys but no locks?" },
        { role: "assistant", content: answer },
        { role: "user", content: "Another riddle" },
      ],
    })
    .withResponse();
  const session = first.response.headers.get("x-session-id");
  expect(session).toMatch(/^ses_/);
  expect(second.response.headers.get("x-session-id")).toBe(session);

  const models = await fetch(`${proxy.origin}/v1/models`);
  expect(models.status).toBe(200);
  expect(models.headers.get("x-session-id")).toBeNull();
});

test("sessions.enabled false sends no x-session-id", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    sessions: { enabled: false },
    providers: [{ name: "up", type: "openai", base_url: upstream.url }],
  });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-session-id")).toBeNull();
});
