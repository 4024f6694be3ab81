// The llm-proxy config files of the scenarios: three failover providers, auth off or on, traces
// off or on, and the response cache.

import { join } from "node:path";

/** What writeFailoverConfig sets up, for the report. */
export const failoverSetup =
  "round_robin over 3 mocks, retries 2, circuit breaker 5 failures in 10 s (cooldown 5 s)";

/** Round robin over one openai provider per mock, retries 2, no health checks. */
export async function writeFailoverConfig(dir: string, mockOrigins: string[]): Promise<string> {
  const providers = mockOrigins.map((origin, index) => {
    const n = index + 1;
    return `  - { name: p${n}, type: openai, base_url: ${quoted(`${origin}/v1`)}, api_key: k${n} }`;
  });
  const routing = [
    "strategy: round_robin",
    "retries: 2",
    "health_check: { enabled: false }",
    "circuit_breaker: { failures: 5, window: 10s, cooldown: 5s }",
  ].join(", ");
  return await writeConfig(join(dir, "failover.yaml"), [
    "server: { port: 0 }",
    "providers:",
    ...providers,
    `routing: { ${routing} }`,
    "logging: { level: warn }",
  ]);
}

/** One provider; `tokens` checks a client token on every request, kept in `storePath`. */
export async function writeAuthConfig(
  dir: string,
  mockOrigin: string,
  auth: { mode: "none" } | { mode: "tokens"; storePath: string },
): Promise<string> {
  const authLines =
    auth.mode === "none"
      ? ["auth: { mode: none }"]
      : ["auth: { mode: tokens }", `storage: { path: ${quoted(auth.storePath)} }`];
  return await writeConfig(
    join(dir, `auth-${auth.mode}.yaml`),
    singleProviderLines(mockOrigin, authLines),
  );
}

/** What writeTracingConfig sets up when traces are on, for the report. */
export const tracingSetup = "sink sqlite, headers and bodies, sample rate 1";

/**
 * One provider, no auth; traces off, or on into the store at `storePath` with bodies and headers
 * for every request. Both keep usage records in `storePath`, so traces are the only difference.
 */
export async function writeTracingConfig(
  dir: string,
  mockOrigin: string,
  traces: "off" | "on",
  storePath: string,
): Promise<string> {
  const tracesLine =
    traces === "off"
      ? "traces: { enabled: false }"
      : "traces: { enabled: true, sink: sqlite, include_body: true, include_headers: true," +
        " sample_rate: 1 }";
  return await writeConfig(
    join(dir, `traces-${traces}.yaml`),
    singleProviderLines(mockOrigin, [
      "auth: { mode: none }",
      `storage: { path: ${quoted(storePath)} }`,
      tracesLine,
    ]),
  );
}

/** What writeCacheConfig sets up, for the report. */
export const cacheSetup = "sqlite backend, ttl 1h, scope project";

/** One provider, no auth, the sqlite response cache on in the store at `storePath`. */
export async function writeCacheConfig(
  dir: string,
  mockOrigin: string,
  name: string,
  storePath: string,
): Promise<string> {
  return await writeConfig(
    join(dir, `cache-${name}.yaml`),
    singleProviderLines(mockOrigin, [
      "auth: { mode: none }",
      `storage: { path: ${quoted(storePath)} }`,
      "cache: { enabled: true, backend: sqlite, ttl: 1h }",
    ]),
  );
}

// --- internal ---

/** One openai provider on the mock, no health checks, log level warn, plus `settings`. */
function singleProviderLines(mockOrigin: string, settings: readonly string[]): string[] {
  const provider = `{ name: mock, type: openai, base_url: ${quoted(`${mockOrigin}/v1`)}, api_key: k }`;
  return [
    "server: { port: 0 }",
    ...settings,
    "providers:",
    `  - ${provider}`,
    "routing: { health_check: { enabled: false } }",
    "logging: { level: warn }",
  ];
}

async function writeConfig(path: string, lines: string[]): Promise<string> {
  await Bun.write(path, `${lines.join("\n")}\n`);
  return path;
}

/** A JSON string is a valid YAML double-quoted scalar. */
function quoted(text: string): string {
  return JSON.stringify(text);
}
