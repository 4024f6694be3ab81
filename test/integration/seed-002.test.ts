// Seed 002 compatibility: its README's proxy_config.yaml loads unchanged and behaves as that
// README describes (weights, model_map, fallback_only, timeouts in seconds, queue, monitoring).

import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigText } from "../../src/config/index.ts";
import { makeAppFromConfig, serveApp } from "../support/make-app.ts";
import { fixturesDir, reply, startMockUpstream } from "../support/mock-upstream.ts";

const fixture = await Bun.file(join(fixturesDir, "seed-002.proxy_config.yaml")).text();
const env = {
  OPENAI_API_KEY: "sk-primary",
  OPENAI_API_KEY_BACKUP: "sk-backup",
  BACKUP_KEY: "sk-emergency",
  FALLBACK_ENDPOINT: "https://fallback.example/v1",
};

function load(text: string, extraEnv: Record<string, string> = {}) {
  return parseConfigText(text, {
    env: { ...env, ...extraEnv },
    // its store (./llm-proxy.db) in a fresh directory, never one shared with other checkouts
    baseDir: mkdtempSync(join(tmpdir(), "llmp-seed-002-")),
    source: "seed-002.proxy_config.yaml",
  });
}

test("the seed 002 config loads unchanged, with its bare-second durations", () => {
  const config = load(fixture);
  expect(config.providers.map((p) => [p.name, p.type, p.weight, p.max_concurrent ?? null])).toEqual(
    [
      ["primary", "openai", 2, 5],
      ["backup", "openai", 1, 2],
      ["emergency_backup", "openai", 1, null],
    ],
  );
  expect(config.providers[0]?.model_map).toEqual({ "gpt-4": "gpt-4-turbo-preview" });
  expect(config.providers[2]?.fallback_only).toBe(true);
  expect(config.routing).toMatchObject({
    strategy: "weighted",
    health_check: { enabled: true, interval: 30_000, timeout: 5_000 },
  });
  expect(config.timeouts).toMatchObject({ request: 30_000, connect: 5_000 });
  expect(config.queue).toMatchObject({ max_concurrent: 100, timeout: 60_000 });
  // monitoring.log_level WARNING becomes the log level
  expect(config.logging.level).toBe("warn");
});

test("it behaves as the seed README says: 2:1 weights, model_map, fallback only on failure", async () => {
  await using openai = startMockUpstream();
  await using fallback = startMockUpstream();
  const text = fixture.replaceAll("https://api.openai.com/v1", openai.url);
  const app = makeAppFromConfig(load(text, { FALLBACK_ENDPOINT: fallback.url }));
  await using proxy = serveApp(app);
  const ask = () =>
    fetch(`${proxy.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "Hello" }] }),
    });

  for (let i = 0; i < 30; i++) expect((await ask()).status).toBe(200);
  const byKey = (key: string) =>
    openai.requests.filter((request) => request.headers.authorization === `Bearer ${key}`);
  expect(byKey("sk-primary")).toHaveLength(20);
  expect(byKey("sk-backup")).toHaveLength(10);
  expect(
    byKey("sk-primary").every((r) => (r.json as { model: string }).model === "gpt-4-turbo-preview"),
  ).toBe(true);
  expect(byKey("sk-backup").every((r) => (r.json as { model: string }).model === "gpt-4")).toBe(
    true,
  );
  expect(fallback.requests).toHaveLength(0);

  // both primaries fail: the emergency backup answers
  openai.enqueue(reply.status(500), reply.status(500));
  const rescued = await ask();
  expect(rescued.status).toBe(200);
  expect(rescued.headers.get("x-llm-proxy-provider")).toBe("emergency_backup");
  expect(rescued.headers.get("x-llm-proxy-attempts")).toBe("3");
  expect(fallback.requests[0]?.headers.authorization).toBe("Bearer sk-emergency");
});
