// Builds the real app (and optionally a real server) from a config object, with logs captured.

import { type App, createApp, type Deps } from "../../src/app.ts";
import { type Config, configuredSecrets, parseConfigObject } from "../../src/config/index.ts";
import { createLogger } from "../../src/observability/index.ts";
import { type RunningServer, startServer } from "../../src/server/index.ts";

export type CapturedLogs = { lines: string[]; errors(): string[] };

export type TestApp = App & { logs: CapturedLogs };

export type TestProxy = {
  app: TestApp;
  server: RunningServer;
  /** Origin of the proxy, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** OpenAI-style base URL for SDK clients: origin + /v1 */
  baseURL: string;
  [Symbol.asyncDispose](): Promise<void>;
};

/** Raw config (as it would be in YAML) with test-friendly defaults filled in. */
export function testConfig(raw: Record<string, unknown>): Config {
  const withDefaults = {
    logging: { level: "info", format: "json" },
    storage: { path: ":memory:" },
    ...raw,
  };
  return parseConfigObject(withDefaults, {
    env: {},
    baseDir: process.cwd(),
    source: "test config",
  });
}

export function makeApp(raw: Record<string, unknown>, deps: Partial<Deps> = {}): TestApp {
  return makeAppFromConfig(testConfig(raw), deps);
}

export function makeAppFromConfig(config: Config, deps: Partial<Deps> = {}): TestApp {
  const lines: string[] = [];
  const logger = createLogger({
    ...config.logging,
    secrets: configuredSecrets(config),
    sink: (line) => lines.push(line),
  });
  const app = createApp(config, { logger, ...deps });
  const logs: CapturedLogs = {
    lines,
    errors: () => lines.filter((line) => line.includes('"level":"error"')),
  };
  return Object.assign(app, { logs });
}

export function startProxy(raw: Record<string, unknown>, deps: Partial<Deps> = {}): TestProxy {
  return serveApp(makeApp({ server: { port: 0 }, ...raw }, deps));
}

/** startProxy for configs with `keys` or `auth` (the app builds their pools itself). */
export async function startProxyWithCredentials(
  raw: Record<string, unknown>,
  deps: Partial<Deps> = {},
): Promise<TestProxy> {
  return startProxy(raw, deps);
}

/** Serves an app (e.g. from makeAppFromConfig) on a free loopback port. */
export function serveApp(app: TestApp): TestProxy {
  const server = startServer(app, {
    host: "127.0.0.1",
    port: 0,
    logger: createLogger({ level: "silent", format: "json" }),
  });
  const origin = server.url.origin;
  return {
    app,
    server,
    origin,
    baseURL: `${origin}/v1`,
    [Symbol.asyncDispose]: () => server.shutdown(0),
  };
}

/** One upstream provider entry pointing at a mock upstream URL. */
export function upstreamProvider(
  url: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: "upstream",
    type: "openai",
    base_url: url,
    api_key: "sk-upstream-secret",
    ...extra,
  };
}

/** A named OpenAI-type provider entry for a mock upstream; its key is `sk-<name>-secret`. */
/** A provider's `dialects` for a mock upstream that answers all three (no translation). */
export const speaksAll = {
  dialects: ["openai-chat", "openai-responses", "anthropic-messages"],
} as const;

export function namedProvider(
  name: string,
  url: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name, type: "openai", base_url: url, api_key: `sk-${name}-secret`, ...extra };
}
