// auth.mode tokens: every status a client token can get, both header forms, the admin API and
// the audit log, against a real server and store.

import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { createTokenRepository, openStore, type SqliteStore } from "../../src/store/index.ts";
import { startProxy, type TestProxy } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { manualClock } from "../support/manual-clock.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readError, readJson } from "../support/read-json.ts";

const adminKey = "admin-key-for-tests";

function tempStore(): SqliteStore {
  return openStore(join(mkdtempSync(join(tmpdir(), "llmp-tokens-")), "proxy.db"));
}

async function setup(extra: Record<string, unknown> = {}, clock = manualClock()) {
  const upstream = startMockUpstream();
  const store = tempStore();
  const proxy = startProxy(
    {
      auth: { mode: "tokens", admin_key: adminKey },
      providers: [{ name: "up", type: "openai", base_url: upstream.url, api_key: "sk-up" }],
      ...extra,
    },
    { store, clock },
  );
  const cleanup = async () => {
    await proxy[Symbol.asyncDispose]();
    await upstream.stop();
    store.close();
  };
  return { upstream, store, proxy, clock, management: managementOf(store), cleanup };
}

const chat = (proxy: TestProxy, headers: Record<string, string>, model = "gpt-test") =>
  fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test("a valid token works from the OpenAI SDK (Bearer) and the Anthropic SDK (x-api-key)", async () => {
  const { proxy, management, upstream, cleanup } = await setup();
  try {
    const { secret } = await management.createToken({ project: "team-a" });
    const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: secret, maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "via bearer" }],
    });
    expect(completion.choices[0]?.message.content).toBe("echo: via bearer");

    const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: secret, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: "claude-test",
      max_tokens: 10,
      messages: [{ role: "user", content: "via x-api-key" }],
    });
    expect(message.content[0]).toMatchObject({ text: "echo: via x-api-key" });
    // the upstream sees its own key, never the client token
    for (const request of upstream.requests)
      expect(JSON.stringify(request.headers)).not.toContain(secret);
  } finally {
    await cleanup();
  }
});

test("missing, unknown, revoked, expired and used-up tokens get 401 saying which", async () => {
  const { proxy, management, store, upstream, clock, cleanup } = await setup();
  try {
    const missing = await chat(proxy, {});
    expect(missing.status).toBe(401);
    expect((await readError(missing)).message).toContain("missing client token");

    const unknown = await chat(proxy, bearer(`sk-llmp-${"x".repeat(43)}`));
    expect(unknown.status).toBe(401);
    expect(await readError(unknown)).toMatchObject({
      type: "authentication_error",
      message: "invalid client token",
    });

    const revoked = await management.createToken({ project: "p" });
    await management.revokeToken(revoked.token.id);
    const revokedAnswer = await chat(proxy, bearer(revoked.secret));
    expect(revokedAnswer.status).toBe(401);
    expect((await readError(revokedAnswer)).message).toContain("has been revoked");

    const expired = await management.createToken({ project: "p", expiresAt: clock.now() - 1 });
    const expiredAnswer = await chat(proxy, bearer(expired.secret));
    expect(expiredAnswer.status).toBe(401);
    expect((await readError(expiredAnswer)).message).toContain("expired at");

    const limited = await management.createToken({ project: "p", maxRequests: 2 });
    expect((await chat(proxy, bearer(limited.secret))).status).toBe(200);
    expect((await chat(proxy, bearer(limited.secret))).status).toBe(200);
    const usedUp = await chat(proxy, bearer(limited.secret));
    expect(usedUp.status).toBe(401);
    expect((await readError(usedUp)).message).toContain("has used all of its 2 requests");

    // Anthropic dialect on /v1/messages
    const anthropicShape = await fetch(`${proxy.origin}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": revoked.secret },
      body: "{}",
    });
    expect(await anthropicShape.json()).toMatchObject({
      type: "error",
      error: { type: "authentication_error" },
    });
    expect(upstream.requests).toHaveLength(2);
    // usage counters reach the store in a batch
    await proxy.app.close();
    const row = await createTokenRepository(store.db).find(limited.token.id);
    expect(row?.request_count).toBe(2);
    expect(row?.last_used_at).toBeGreaterThan(0);
  } finally {
    await cleanup();
  }
});

test("a disabled project or a model outside the token's globs gets 403", async () => {
  const { proxy, management, clock, cleanup } = await setup();
  try {
    const scoped = await management.createToken({ project: "p", models: ["gpt-4o*", "claude-*"] });
    expect((await chat(proxy, bearer(scoped.secret), "gpt-4o-mini")).status).toBe(200);
    const refused = await chat(proxy, bearer(scoped.secret), "o3");
    expect(refused.status).toBe(403);
    expect(await readError(refused)).toMatchObject({
      type: "permission_error",
      message: expect.stringContaining('may not use model "o3" (allowed: gpt-4o*, claude-*)'),
    });

    await management.setProjectActive("p", false);
    // the server trusts its token cache for 2 s, then sees the change
    clock.advance(2_000);
    const disabled = await chat(proxy, bearer(scoped.secret), "gpt-4o");
    expect(disabled.status).toBe(403);
    expect((await readError(disabled)).message).toBe('project "p" is disabled');
  } finally {
    await cleanup();
  }
});

test("over rpm or tpm gets 429 with retry-after", async () => {
  const { proxy, management, cleanup } = await setup();
  try {
    const rpm = await management.createToken({ project: "p", rpm: 2 });
    expect((await chat(proxy, bearer(rpm.secret))).status).toBe(200);
    expect((await chat(proxy, bearer(rpm.secret))).status).toBe(200);
    const third = await chat(proxy, bearer(rpm.secret));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await readError(third)).message).toContain("2 requests per minute");

    const tpm = await management.createToken({ project: "p", tpm: 30 });
    expect((await chat(proxy, bearer(tpm.secret))).status).toBe(200);
    const big = await fetch(`${proxy.baseURL}/chat/completions`, {
      method: "POST",
      headers: bearer(tpm.secret),
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(400) }] }),
    });
    expect(big.status).toBe(429);
    expect((await readError(big)).message).toContain("30 tokens per minute");
  } finally {
    await cleanup();
  }
});

test("tpm counts the tokens upstreams report, not the request size", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("long answer", { usage: { prompt_tokens: 15, completion_tokens: 10 } }),
  ]);
  const store = tempStore();
  const { secret } = await managementOf(store).createToken({ project: "p", tpm: 40 });
  {
    await using proxy = startProxy(
      {
        auth: { mode: "tokens" },
        providers: [{ name: "up", type: "openai", base_url: upstream.url }],
      },
      { store },
    );
    // a small request: estimated at 16 tokens, but the upstream reports 25
    expect((await chat(proxy, bearer(secret))).status).toBe(200);
    // 25 used + 16 estimated > 40: refused, though two estimates alone (32) would have fit
    const second = await chat(proxy, bearer(secret));
    expect(second.status).toBe(429);
    expect((await readError(second)).message).toContain("40 tokens per minute");
  }
  store.close();
});

test("the admin API manages projects and tokens, shows the secret once, and audits it all", async () => {
  const { proxy, store, cleanup } = await setup();
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${proxy.origin}/admin${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    });
  try {
    expect((await fetch(`${proxy.origin}/admin/projects`)).status).toBe(401);
    expect(
      (await fetch(`${proxy.origin}/admin/projects`, { headers: { authorization: "Bearer no" } }))
        .status,
    ).toBe(401);

    const project = await admin("/projects", { method: "POST", body: '{"name":"web"}' });
    expect(project.status).toBe(201);
    const created = await readJson<{ id: string; token: string; project: string }>(
      await admin("/tokens", {
        method: "POST",
        body: JSON.stringify({ project: "web", name: "ci", expires: "30d", rpm: 100 }),
      }),
    );
    expect(created).toMatchObject({ project: "web", name: "ci" });
    expect(created.token).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
    expect((await chat(proxy, bearer(created.token))).status).toBe(200);

    const listing = await (await admin("/tokens?project=web")).text();
    expect(listing).toContain(created.id);
    expect(listing).not.toContain(created.token);
    const shown = await (await admin("/projects/web")).text();
    expect(shown).toContain(created.id);
    expect(shown).not.toContain(created.token);

    const refusedDelete = await admin("/projects/web", { method: "DELETE" });
    expect(refusedDelete.status).toBe(409);
    expect((await readError(refusedDelete)).message).toContain("still has 1 token(s)");

    expect((await admin(`/tokens/${created.id}`, { method: "DELETE" })).status).toBe(200);
    const disabled = await admin("/projects/web", { method: "PATCH", body: '{"active":false}' });
    expect(await disabled.json()).toMatchObject({ name: "web", active: false });
    const deleted = await admin("/projects/web?force=true", { method: "DELETE" });
    expect(await deleted.json()).toEqual({ deleted: "web", tokens_deleted: 1 });

    const audit = await readJson<{ events: { actor: string; action: string }[] }>(
      await admin("/audit"),
    );
    expect(audit.events.map((event) => `${event.actor}:${event.action}`).reverse()).toEqual([
      "admin:project.create",
      "admin:token.create",
      "admin:token.revoke",
      "admin:project.disable",
      "admin:project.delete",
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.token);

    const bad = await admin("/tokens", { method: "POST", body: '{"project":"x","rpm":-1}' });
    expect(bad.status).toBe(400);
    expect((await readError(bad)).message).toBe("body.rpm: expected a positive integer");

    // the secret is nowhere in the store file, the logs or the WAL
    await proxy.app.close();
    const files = [store.path, `${store.path}-wal`].map((path) => {
      try {
        return readFileSync(path).toString("latin1");
      } catch {
        return "";
      }
    });
    for (const content of files) expect(content).not.toContain(created.token);
    expect(proxy.app.logs.lines.join("\n")).not.toContain(created.token);
  } finally {
    await cleanup();
  }
});
