// GET /v1/models: the proxy's own catalog, in OpenAI's shape or Anthropic's, from the config and
// the providers' own lists, filtered by each provider's globs and by the caller's token.

import { expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { openStore } from "../../src/store/index.ts";
import { startProxy } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

const upstreamList = {
  object: "list",
  data: [
    { id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" },
    { id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" },
    { id: "whisper-1", object: "model", created: 1677532384, owned_by: "openai" },
  ],
};

const anthropicList = {
  data: [
    {
      type: "model",
      id: "claude-sonnet-4-5",
      display_name: "Claude Sonnet 4.5",
      created_at: "2025-09-29T00:00:00Z",
    },
  ],
  has_more: false,
  first_id: "claude-sonnet-4-5",
  last_id: "claude-sonnet-4-5",
};

function catalogConfig(gptUrl: string, claudeUrl: string) {
  return {
    providers: [
      {
        name: "gpt",
        type: "openai",
        base_url: gptUrl,
        api_key: "sk-gpt-secret",
        models: ["gpt-*", "o3"],
        model_map: { fast: "gpt-4o-mini" },
      },
      {
        name: "claude",
        type: "anthropic",
        base_url: claudeUrl,
        api_key: "sk-ant-secret",
        models: ["claude-*"],
      },
    ],
    routes: [
      { model: "smart", providers: ["claude", "gpt"] },
      { model: "claude-*", providers: ["claude"] },
    ],
  };
}

test("the catalog lists configured names and each provider's own models, in either shape", async () => {
  await using gpt = startMockUpstream([reply.json(upstreamList)]);
  await using claude = startMockUpstream([reply.json(anthropicList)]);
  await using proxy = startProxy(catalogConfig(gpt.url, claude.url));
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });

  const ids: string[] = [];
  for await (const model of openai.models.list()) ids.push(model.id);
  // whisper-1 is not routable to gpt (its globs), so it is not listed
  expect(ids).toEqual(["claude-sonnet-4-5", "fast", "gpt-4o", "gpt-4o-mini", "o3", "smart"]);
  expect(gpt.requests.map((request) => [request.method, request.path])).toEqual([
    ["GET", "/v1/models"],
  ]);
  expect(gpt.requests[0]?.headers.authorization).toBe("Bearer sk-gpt-secret");
  expect(claude.requests[0]?.headers["x-api-key"]).toBe("sk-ant-secret");

  const page = await anthropic.models.list();
  expect(page.data.map((model) => model.id)).toEqual(ids);
  const sonnet = page.data.find((model) => model.id === "claude-sonnet-4-5");
  expect(sonnet).toMatchObject({
    type: "model",
    display_name: "Claude Sonnet 4.5",
    created_at: "2025-09-29T00:00:00.000Z",
  });
  expect(page.has_more).toBe(false);
  // the lists were fetched once; the next listing reuses them
  expect(gpt.requests).toHaveLength(1);
  expect(claude.requests).toHaveLength(1);
});

test("a health check refreshes a provider's list; an unreachable provider lists only its config", async () => {
  await using gpt = startMockUpstream([
    reply.json(upstreamList),
    reply.json({ object: "list", data: [{ id: "gpt-5", object: "model", created: 0 }] }),
  ]);
  await using claude = startMockUpstream([reply.status(503)]);
  await using proxy = startProxy(catalogConfig(gpt.url, claude.url));
  const list = async () =>
    (
      (await (await fetch(`${proxy.baseURL}/models`)).json()) as { data: { id: string }[] }
    ).data.map((model) => model.id);

  expect(await list()).toEqual(["fast", "gpt-4o", "gpt-4o-mini", "o3", "smart"]);
  await proxy.app.checkHealth();
  expect(await list()).toEqual(["fast", "gpt-5", "o3", "smart"]);
});

test("a token limited to some models sees only those; without a token the list is refused", async () => {
  await using gpt = startMockUpstream([reply.json(upstreamList)]);
  await using claude = startMockUpstream([reply.json(anthropicList)]);
  const store = openStore(":memory:");
  const { secret } = await managementOf(store).createToken({
    project: "team",
    models: ["gpt-4o*"],
  });
  await using proxy = startProxy(
    {
      auth: { mode: "tokens", admin_key: "admin-key-0123456789" },
      ...catalogConfig(gpt.url, claude.url),
    },
    { store },
  );

  const refused = await fetch(`${proxy.baseURL}/models`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get("x-request-id")).toBeTruthy();

  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: secret, maxRetries: 0 });
  const ids: string[] = [];
  for await (const model of openai.models.list()) ids.push(model.id);
  expect(ids).toEqual(["gpt-4o", "gpt-4o-mini"]);
});
