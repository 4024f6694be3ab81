import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { manualClock } from "../support/manual-clock.ts";

test("/health answers without auth", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  const response = await fetch(`${proxy.origin}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", in_flight: 0 });
});

test("/health's uptime follows the app's clock", async () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] }, { clock });
  clock.advance(90_000);
  const health = (await (await fetch(`${proxy.origin}/health`)).json()) as Record<string, unknown>;
  expect(health.uptime_seconds).toBe(90);
});

test("/ready shows the store and every provider's state", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  const response = await fetch(`${proxy.origin}/ready`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: "ready",
    checks: { store: { ok: true }, providers: { m: { state: "available" } } },
  });
});

test("HEAD /health and HEAD /ready answer like GET, without a body", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  for (const path of ["/health", "/ready"]) {
    const response = await fetch(`${proxy.origin}${path}`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).toBe("");
  }
});

test("/config shows the effective config with every secret redacted", async () => {
  await using proxy = startProxy({
    providers: [
      upstreamProvider("http://user:pw-secret@127.0.0.1:9/v1", {
        headers: { Authorization: "Bearer header-secret", "OpenAI-Organization": "org-visible" },
      }),
    ],
  });
  const text = await (await fetch(`${proxy.origin}/config`)).text();
  expect(text).toContain("org-visible");
  expect(text).toContain('"port": 0');
  for (const secret of ["sk-upstream-secret", "header-secret", "pw-secret"])
    expect(text).not.toContain(secret);
});

test("/config redacts every provider header value but a few known-safe ones", async () => {
  const headers = {
    "X-Upstream-Auth": "sk-custom-header-secret",
    "X-Team": "team-name-secret",
    "OpenAI-Organization": "org-1",
    "OpenAI-Project": "proj-1",
    "anthropic-version": "2023-06-01",
    "api-version": "2024-10-21",
  };
  await using proxy = startProxy({
    providers: [upstreamProvider("http://127.0.0.1:9/v1", { headers })],
  });
  const config = (await (await fetch(`${proxy.origin}/config`)).json()) as {
    providers: { headers: Record<string, string> }[];
  };
  expect(config.providers[0]?.headers).toEqual({
    "X-Upstream-Auth": "[redacted]",
    "X-Team": "[redacted]",
    "OpenAI-Organization": "org-1",
    "OpenAI-Project": "proj-1",
    "anthropic-version": "2023-06-01",
    "api-version": "2024-10-21",
  });
});

test("/config requires the admin key when one is set", async () => {
  await using proxy = startProxy({
    auth: { admin_key: "admin-secret-key" },
    providers: [{ name: "m", type: "mock" }],
  });
  const denied = await fetch(`${proxy.origin}/config`);
  expect(denied.status).toBe(401);
  const wrong = await fetch(`${proxy.origin}/config`, {
    headers: { authorization: "Bearer nope" },
  });
  expect(wrong.status).toBe(401);
  const allowed = await fetch(`${proxy.origin}/config`, {
    headers: { authorization: "Bearer admin-secret-key" },
  });
  expect(allowed.status).toBe(200);
  expect(await allowed.text()).not.toContain("admin-secret-key");
});

test("the dashboard's answers carry x-request-id like every other answer", async () => {
  await using proxy = startProxy({
    auth: { mode: "none", admin_key: "admin-key-0123456789" },
    providers: [{ name: "m", type: "mock" }],
  });
  for (const [method, path] of [
    ["GET", "/ui/"],
    ["HEAD", "/ui/"],
    ["GET", "/ui/no-such-file.js"],
  ] as const) {
    const response = await fetch(`${proxy.origin}${path}`, { method });
    await response.arrayBuffer();
    expect({ method, path, id: response.headers.get("x-request-id") }).toEqual({
      method,
      path,
      id: expect.stringMatching(/^req_/),
    });
  }
});
