// The proxy the browser test drives: client tokens and an admin key, a mock provider and a
// fallback one with two credentials, a day of seeded usage, and a reload source the test points
// at the config the next POST /admin/reload should read.

import type { Config } from "../../src/config/index.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { startProxyWithCredentials, type TestProxy, testConfig } from "./make-app.ts";
import { type ManualClock, manualClock } from "./manual-clock.ts";
import { type MockUpstream, startMockUpstream } from "./mock-upstream.ts";
import { seedDayOfUsage } from "./store-rows.ts";

export type UiProxy = {
  proxy: TestProxy;
  store: Store;
  clock: ManualClock;
  /** The raw config the proxy started with (before startProxy's `server.port: 0`). */
  raw: Record<string, unknown>;
  /** What the next reload reads: a raw config (parsed then, so a bad one is refused). */
  reloadTo(raw: Record<string, unknown>): void;
  /** A chat completion through the proxy with a client token. */
  chat(
    token: string,
    body: { model: string; stream?: boolean; content: string },
  ): Promise<Response>;
  /** GET /admin<path> with the admin key, as JSON. */
  admin<T>(path: string): Promise<T>;
  close(): Promise<void>;
};

export async function startUiProxy(adminKey: string): Promise<UiProxy> {
  const store = openStore(":memory:");
  const clock = manualClock();
  await seedDayOfUsage(store, clock.now());
  const upstream: MockUpstream = startMockUpstream();
  const raw = {
    auth: { mode: "tokens", admin_key: adminKey },
    providers: [
      { name: "mock", type: "mock" },
      {
        name: "backup",
        type: "openai",
        base_url: upstream.url,
        keys: ["sk-a", "sk-b"],
        fallback_only: true,
      },
    ],
    routing: { health_check: { enabled: false } },
  };
  let next: Record<string, unknown> = { server: { port: 0 }, ...raw };
  const reloadSource = async (): Promise<Config> => testConfig(next);
  const proxy = await startProxyWithCredentials(raw, { store, clock, reloadSource });
  return {
    proxy,
    store,
    clock,
    raw,
    reloadTo(config) {
      next = config;
    },
    chat: (token, body) =>
      fetch(`${proxy.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: body.model,
          stream: body.stream ?? false,
          messages: [{ role: "user", content: body.content }],
        }),
      }),
    async admin<T>(path: string) {
      const answer = await fetch(`${proxy.origin}/admin${path}`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      return (await answer.json()) as T;
    },
    async close() {
      await proxy[Symbol.asyncDispose]();
      await upstream.stop();
      store.close();
    },
  };
}
