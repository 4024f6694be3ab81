// The llm-proxy config files of the scenarios: three failover providers, and auth off or on.

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
  const provider = `{ name: mock, type: openai, base_url: ${quoted(`${mockOrigin}/v1`)}, api_key: k }`;
  const authLines =
    auth.mode === "none"
      ? ["auth: { mode: none }"]
      : ["auth: { mode: tokens }", `storage: { path: ${quoted(auth.storePath)} }`];
  return await writeConfig(join(dir, `auth-${auth.mode}.yaml`), [
    "server: { port: 0 }",
    ...authLines,
    "providers:",
    `  - ${provider}`,
    "routing: { health_check: { enabled: false } }",
    "logging: { level: warn }",
  ]);
}

// --- internal ---

async function writeConfig(path: string, lines: string[]): Promise<string> {
  await Bun.write(path, `${lines.join("\n")}\n`);
  return path;
}

/** A JSON string is a valid YAML double-quoted scalar. */
function quoted(text: string): string {
  return JSON.stringify(text);
}
