// Reload without restart (DESIGN.md): SIGHUP and POST /admin/reload swap a new config in while
// requests in flight finish on the old one; a broken file keeps the running config; provider and
// credential state carry over; what needs a restart is reported and not applied.

import { expect, spyOn, test } from "bun:test";
import { mkdtempSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigProblem, loadConfig } from "../../src/config/index.ts";
import { createLogger } from "../../src/observability/index.ts";
import { createRepositories, openStore } from "../../src/store/index.ts";
import { startServe } from "../support/cli.ts";
import {
  makeApp,
  makeAppFromConfig,
  serveApp,
  startProxy,
  testConfig,
} from "../support/make-app.ts";
import { manualClock } from "../support/manual-clock.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { openStream } from "../support/open-stream.ts";

const adminKey = "admin-key-for-reload-tests";
const admin = { authorization: `Bearer ${adminKey}` };
const chat = (model: string) =>
  JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] });

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-reload-")), "proxy.yaml");
  writeFileSync(path, text);
  return path;
}

const providerYaml = (url: string, map: string) =>
  `providers:\n  - { name: up, type: openai, base_url: "${url}", api_key: sk-up-key-0001, model_map: { alias: ${map} } }\n`;

test("SIGHUP applies a model_map change within a second, same PID, no restart", async () => {
  await using upstream = startMockUpstream();
  const path = configFile(`storage: { path: ./p.db }\n${providerYaml(upstream.url, "model-a")}`);
  await using proxy = await startServe(["-c", path]);
  const ask = () =>
    fetch(`${proxy.origin}/v1/chat/completions`, { method: "POST", body: chat("alias") });
  await ask();
  expect(upstream.requests.at(-1)?.json).toMatchObject({ model: "model-a" });

  writeFileSync(path, `storage: { path: ./p.db }\n${providerYaml(upstream.url, "model-b")}`);
  proxy.signal("SIGHUP");
  await proxy.waitForStderr(/config reloaded \(version \w+, 1 change/);
  await ask();
  expect(upstream.requests.at(-1)?.json).toMatchObject({ model: "model-b" });
  expect(proxy.stderr()).toContain("SIGHUP received: reloading the config");
  expect((await fetch(`${proxy.origin}/health`)).status).toBe(200);
}, 10_000);

test("a broken file keeps the old config serving, every problem logged with its path", async () => {
  await using upstream = startMockUpstream();
  const path = configFile(`storage: { path: ./p.db }\n${providerYaml(upstream.url, "model-a")}`);
  await using proxy = await startServe(["-c", path]);
  writeFileSync(
    path,
    `storage: { path: ./p.db }\nserver: { prot: 1 }\nrouting: { retries: -1 }\n${providerYaml(upstream.url, "model-b")}`,
  );
  proxy.signal("SIGHUP");
  const stderr = await proxy.waitForStderr(/routing\.retries/);
  expect(stderr).toContain("reload refused (signal): the running config is kept; 2 problem(s)");
  expect(stderr).toContain("server.prot");
  await fetch(`${proxy.origin}/v1/chat/completions`, { method: "POST", body: chat("alias") });
  expect(upstream.requests.at(-1)?.json).toMatchObject({ model: "model-a" });
}, 10_000);

test("POST /admin/reload answers 200 with the changes, 400 with the problems, 401 without the key", async () => {
  await using upstream = startMockUpstream();
  const yaml = (retries: number) =>
    `server: { port: 0 }\nstorage: { path: ":memory:" }\nlogging: { format: json }\nauth: { admin_key: ${adminKey} }\nrouting: { retries: ${retries} }\n${providerYaml(upstream.url, "model-a")}`;
  const path = configFile(yaml(2));
  const load = () => loadConfig({ path, env: {} });
  await using proxy = serveApp(makeAppFromConfig(await load(), { reloadSource: load }));

  expect((await fetch(`${proxy.origin}/admin/reload`, { method: "POST" })).status).toBe(401);
  writeFileSync(path, yaml(5));
  const ok = await fetch(`${proxy.origin}/admin/reload`, { method: "POST", headers: admin });
  expect(ok.status).toBe(200);
  const body = (await ok.json()) as {
    reloaded: boolean;
    version: string;
    changes: { path: string }[];
  };
  expect(body).toMatchObject({ reloaded: true, restart_needed: [] });
  expect(body.changes.map((change) => change.path)).toContain("routing.retries");
  expect(proxy.app.config.routing.retries).toBe(5);
  const shown = (await (await fetch(`${proxy.origin}/config`, { headers: admin })).json()) as {
    version: string;
    loaded_at: string;
  };
  expect(shown.version).toBe(body.version);
  expect(Date.parse(shown.loaded_at)).toBeGreaterThan(0);

  writeFileSync(path, `${yaml(5)}queue: { max_concurrent: 0 }\n`);
  const bad = await fetch(`${proxy.origin}/admin/reload`, { method: "POST", headers: admin });
  expect(bad.status).toBe(400);
  const refused = (await bad.json()) as { error: { code: string }; problems: ConfigProblem[] };
  expect(refused.error.code).toBe("invalid_config");
  expect(refused.problems.map((problem) => problem.path)).toEqual(["queue.max_concurrent"]);
  expect(proxy.app.config.routing.retries).toBe(5);
  const metrics = await (await fetch(`${proxy.origin}/metrics`)).text();
  expect(metrics).toContain('llm_proxy_config_reloads_total{result="success"} 1');
  expect(metrics).toContain('llm_proxy_config_reloads_total{result="failure"} 1');
});

test("a slow stream started before the reload finishes intact while its provider is removed", async () => {
  await using slow = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 60 });
  await using other = startMockUpstream();
  const base = testConfig({
    providers: [{ name: "slow", type: "openai", base_url: slow.url, api_key: "k1" }],
  });
  await using proxy = startProxy(base as never);
  const stream = await openStream(`${proxy.baseURL}/chat/completions`, "a b c d e f");
  const outcome = proxy.app.reload(
    testConfig({
      providers: [{ name: "other", type: "openai", base_url: other.url, api_key: "k2" }],
    }),
  );
  expect(outcome.ok).toBe(true);
  const text = await stream.rest();
  expect(text).toContain("data: [DONE]");
  expect(text).not.toContain("event: error");
  const after = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat("m"),
  });
  expect(after.headers.get("x-llm-proxy-provider")).toBe("other");
});

test("an open breaker and a benched key survive a reload of an unrelated setting", async () => {
  const clock = manualClock();
  await using flaky = startMockUpstream([reply.status(401), reply.status(500)]);
  const raw = (slotWait: string) => ({
    auth: { admin_key: adminKey },
    routing: { retries: 1, slot_wait: slotWait, circuit_breaker: { failures: 1, cooldown: "1h" } },
    providers: [
      { name: "flaky", type: "openai", base_url: flaky.url, keys: ["key-one", "key-two"] },
    ],
  });
  await using proxy = startProxy(raw("500ms"), { clock });
  await fetch(`${proxy.baseURL}/chat/completions`, { method: "POST", body: chat("m") });
  const stateOf = async () => {
    const answer = await fetch(`${proxy.origin}/admin/providers`, { headers: admin });
    return ((await answer.json()) as { providers: unknown[] }).providers[0];
  };
  const before = {
    breaker: "open",
    credentials: [
      { name: "key-1", state: "benched" },
      { name: "key-2", state: "ok" },
    ],
  };
  expect(await stateOf()).toMatchObject(before);
  expect(proxy.app.reload(testConfig(raw("1s"))).ok).toBe(true);
  expect(await stateOf()).toMatchObject(before);
  // a key whose value changed starts afresh
  const changed = raw("1s");
  changed.providers[0] = { ...changed.providers[0], keys: ["key-one-rotated", "key-two"] } as never;
  expect(proxy.app.reload(testConfig(changed)).ok).toBe(true);
  expect(await stateOf()).toMatchObject({
    credentials: [
      { name: "key-1", state: "ok" },
      { name: "key-2", state: "ok" },
    ],
  });
});

test("a port change is reported as restart needed and not applied", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  const outcome = proxy.app.reload(
    testConfig({ server: { port: 4321 }, providers: [{ name: "m", type: "mock" }] }),
  );
  expect(outcome).toMatchObject({ ok: true, result: { restart_needed: ["server.port"] } });
  expect(proxy.app.config.server.port).toBe(0);
  expect((await fetch(`${proxy.origin}/health`)).status).toBe(200);
});

test("a change to shared.* is reported as restart needed and not applied", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  const shared = { redis: { url: "redis://127.0.0.1:9" }, fail_mode: "open" };
  const next = testConfig({
    server: { port: 0 },
    shared,
    providers: [{ name: "m", type: "mock" }],
  });
  expect(proxy.app.reload(next)).toMatchObject({
    ok: true,
    result: { restart_needed: ["shared"] },
  });
  expect(proxy.app.config.shared).toBeUndefined();
});

test("100 reloads leak no interval timer, file handle or sqlite connection", async () => {
  const dir = mkdtempSync(join(tmpdir(), "llmp-reload-leaks-"));
  const dbPath = join(dir, "store.db");
  const raw = (retries: number) => ({
    storage: { path: dbPath },
    auth: { mode: "tokens", admin_key: adminKey },
    traces: { sink: "both", directory: join(dir, "traces") },
    routing: { retries, health_check: { interval: "1h" } },
    providers: [{ name: "m", type: "mock" }],
  });
  using timers = watchIntervals();
  await using proxy = startProxy(raw(0));
  await fetch(`${proxy.origin}/health`);
  const intervals = timers.live.size;
  const fds = openFiles();
  const dbHandles = fds.filter((target) => target.startsWith(dbPath)).length;
  for (let i = 1; i <= 100; i++) expect(proxy.app.reload(testConfig(raw(i % 3))).ok).toBe(true);
  await proxy.app.retired();
  expect(timers.live.size).toBe(intervals);
  expect(openFiles().filter((target) => target.startsWith(dbPath)).length).toBe(dbHandles);
  expect(openFiles().length).toBeLessThanOrEqual(fds.length + 2);
});

test("a reload refused for its credentials builds no part: no writer, no timer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "llmp-reload-refused-"));
  const raw = (retention: string, provider: Record<string, unknown>) => ({
    traces: { sink: "jsonl", directory: join(dir, "traces"), retention },
    providers: [provider],
  });
  const app = makeApp(raw("7d", { name: "m", type: "mock" }));
  using timers = watchIntervals();
  const signed = {
    name: "signed",
    type: "openai",
    base_url: "http://127.0.0.1:9/v1",
    auth: { type: "jwt", algorithm: "RS256", private_key_file: join(dir, "missing.pem") },
  };
  const outcome = app.reload(testConfig(raw("1d", signed)));
  expect(outcome).toMatchObject({
    ok: false,
    problems: [{ path: "providers[0].auth.private_key_file" }],
  });
  expect(timers.started).toBe(0);
  await app.close();
});

const originalSetInterval = globalThis.setInterval;
const originalClearInterval = globalThis.clearInterval;

/** Counts the interval timers started from now on, and those of them still running. */
function watchIntervals() {
  const live = new Set<unknown>();
  let started = 0;
  const starts = spyOn(globalThis, "setInterval").mockImplementation(((
    ...args: Parameters<typeof setInterval>
  ) => {
    const timer = originalSetInterval(...args);
    live.add(timer);
    started++;
    return timer;
  }) as typeof setInterval);
  const stops = spyOn(globalThis, "clearInterval").mockImplementation(((timer: Timer) => {
    live.delete(timer);
    originalClearInterval(timer);
  }) as typeof clearInterval);
  return {
    live,
    get started() {
      return started;
    },
    [Symbol.dispose]() {
      starts.mockRestore();
      stops.mockRestore();
    },
  };
}

function openFiles(): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

test("a reload stops the old health checks at once, though a stream still runs on the old config", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 60 });
  const raw = (key: string) => ({
    routing: { health_check: { interval: "20ms" } },
    providers: [{ name: "up", type: "openai", base_url: upstream.url, api_key: key }],
  });
  await using proxy = startProxy(raw("sk-old-key-0001"));
  const stream = await openStream(`${proxy.baseURL}/chat/completions`, "a b c d e f");
  expect(proxy.app.reload(testConfig(raw("sk-new-key-0002"))).ok).toBe(true);
  const reloadedAt = performance.now();
  await stream.drain();
  const checksWith = (key: string) =>
    upstream.requests.filter(
      (request) =>
        request.method === "GET" &&
        request.receivedAt > reloadedAt &&
        request.headers.authorization === `Bearer ${key}`,
    ).length;
  expect(checksWith("sk-new-key-0002")).toBeGreaterThan(0);
  // at most one check already on its way when the reload came
  expect(checksWith("sk-old-key-0001")).toBeLessThanOrEqual(1);
});

test("a reload applies logging.level and format, and scrubs the new config's keys", async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", format: "json", sink: (line) => lines.push(line) });
  const raw = (key: string, logging: Record<string, unknown>) => ({
    logging,
    providers: [{ name: "up", type: "openai", base_url: "http://127.0.0.1:9/v1", api_key: key }],
  });
  const app = makeApp(raw("sk-first-key-0001", { format: "json" }), { logger });
  const next = raw("sk-rotated-key-0002", { level: "warn", format: "pretty" });
  expect(app.reload(testConfig(next)).ok).toBe(true);
  lines.length = 0;
  logger.info("not at warn");
  logger.warn("upstream refused sk-rotated-key-0002");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/ WARN {2}upstream refused \[redacted\]$/);
  await app.close();
});

test("the usage and trace writers, and their gauges, carry over a reload that keeps their settings", async () => {
  const store = openStore(":memory:");
  const raw = (retries: number) => ({
    routing: { retries },
    providers: [{ name: "m", type: "mock" }],
  });
  const app = makeApp(raw(0), { store });
  // a store that refuses every write keeps the records in the writers' backlogs
  store.db.run("drop table usage_records");
  store.db.run("drop table traces");
  const answer = await app.fetch(
    new Request("http://proxy/v1/chat/completions", { method: "POST", body: chat("m") }),
  );
  await answer.text();
  const gauges = async () => {
    const text = await (await app.fetch(new Request("http://proxy/metrics"))).text();
    return text.split("\n").filter((line) => /^llm_proxy_(usage|trace)_writer_backlog /.test(line));
  };
  const backlogs = ["llm_proxy_usage_writer_backlog 1", "llm_proxy_trace_writer_backlog 1"];
  for (let tries = 0; (await gauges()).join() !== backlogs.join() && tries < 50; tries++)
    await Bun.sleep(5);
  expect(await gauges()).toEqual(backlogs);
  expect(app.reload(testConfig(raw(1))).ok).toBe(true);
  await app.retired();
  expect(await gauges()).toEqual(backlogs);
  await app.close();
  store.close();
});

test("a refused reload is audited in the store of the config running then", async () => {
  const store = openStore(":memory:");
  const storeless = {
    usage: { enabled: false },
    traces: { enabled: false },
    providers: [{ name: "m", type: "mock" }],
  };
  const app = makeApp(storeless, {
    store,
    reloadSource: () => Promise.reject(new Error("the file went away")),
  });
  expect(app.reload(testConfig({ ...storeless, auth: { admin_key: adminKey } })).ok).toBe(true);
  expect((await app.reloadFromSource("signal")).ok).toBe(false);
  const actions = async () =>
    (await createRepositories(store).audit.list({})).map((event) => event.action);
  for (let tries = 0; (await actions()).length < 2 && tries < 50; tries++) await Bun.sleep(5);
  expect(await actions()).toEqual(["config.reload_failed", "config.reload"]);
  await app.close();
  store.close();
});

test("server.max_body past what the listener lets through needs a restart; below it, it applies", async () => {
  const mb = 1024 * 1024;
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  const withMaxBody = (size: string) =>
    testConfig({ server: { port: 0, max_body: size }, providers: [{ name: "m", type: "mock" }] });
  expect(proxy.app.reload(withMaxBody("200mb"))).toMatchObject({
    ok: true,
    result: { changes: [], restart_needed: ["server.max_body"] },
  });
  expect(proxy.app.config.server.max_body).toBe(10 * mb);
  expect(proxy.app.reload(withMaxBody("100mb"))).toMatchObject({
    ok: true,
    result: { changes: [{ path: "server.max_body" }], restart_needed: [] },
  });
  expect(proxy.app.config.server.max_body).toBe(100 * mb);
});
