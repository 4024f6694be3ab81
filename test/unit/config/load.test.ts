import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, parseConfigText } from "../../../src/config/index.ts";

const options = { env: {}, baseDir: "/srv/proxy", source: "test.yaml" };

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, { ...options, env });
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

const minimal = "providers:\n  - { name: m, type: mock }\n";

describe("loading a config", () => {
  test("fills every default from the schema", () => {
    const config = parseConfigText(minimal, options);
    expect(config.server).toEqual({
      host: "127.0.0.1",
      port: 8080,
      max_body: 10 * 1024 * 1024,
      shutdown_grace: 30_000,
      body_timeout: 30_000,
      max_body_in_flight: 256 * 1024 * 1024,
      trusted_proxies: [],
    });
    expect(config.timeouts).toEqual({ connect: 5_000, first_byte: 60_000, request: 600_000 });
    expect(config.endpoints.methods).toEqual(["GET", "POST"]);
    expect(config.providers[0]?.models).toEqual(["*"]);
    expect(config.sessions.max_bytes).toBe(64 * 1024 * 1024);
  });

  test.each([
    ["30s", 30_000],
    ["5m", 300_000],
    ["500ms", 500],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    [45, 45_000],
    ["1.5s", 1_500],
  ])("reads the duration %p as %p ms", (value, expected) => {
    const config = parseConfigText(
      `${minimal}timeouts: { connect: ${JSON.stringify(value)} }\n`,
      options,
    );
    expect(config.timeouts.connect).toBe(expected);
  });

  test.each([
    ["10mb", 10 * 1024 * 1024],
    ["512kb", 512 * 1024],
    [2048, 2048],
  ])("reads the size %p as %p bytes", (value, expected) => {
    const config = parseConfigText(
      `${minimal}server: { max_body: ${JSON.stringify(value)} }\n`,
      options,
    );
    expect(config.server.max_body).toBe(expected);
  });

  test("interpolates ${VAR} and ${VAR:-default} in every string", () => {
    const text = `providers:
  - name: p
    base_url: \${BASE:-https://example.test/v1}
    api_key: \${KEY}
    headers: { X-Team: "team-\${TEAM:-none}" }
`;
    const config = parseConfigText(text, { ...options, env: { KEY: "sk-1" } });
    expect(config.providers[0]?.base_url).toBe("https://example.test/v1");
    expect(config.providers[0]?.api_key).toBe("sk-1");
    expect(config.providers[0]?.headers).toEqual({ "X-Team": "team-none" });
  });

  test("reports a missing environment variable with its path", () => {
    const problems = problemsOf(
      'providers:\n  - { name: p, base_url: "http://x.test/v1", api_key: "${NOPE}" }\n',
    );
    expect(problems).toEqual([
      "providers[0].api_key: environment variable NOPE is not set (use ${NOPE:-default} for an optional value)",
    ]);
  });

  test("rejects a misspelled key with its path and a suggestion", () => {
    const problems = problemsOf(`${minimal}server: { prot: 80 }\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toStartWith('server.prot: unknown key (did you mean "port"?)');
  });

  test("suggests the right key inside a provider", () => {
    const problems = problemsOf("providers:\n  - { name: p, type: mock, modles: [a] }\n");
    expect(problems[0]).toStartWith('providers[0].modles: unknown key (did you mean "models"?)');
  });

  test("reports every problem at once, each with the expected type", () => {
    const problems = problemsOf(
      "server: { port: eighty }\nlogging: { format: xml }\nproviders:\n  - { name: p, type: mock }\n",
    );
    expect(problems).toEqual([
      "server.port: expected number, received string",
      'logging.format: Invalid option: expected one of "pretty"|"json"',
    ]);
  });

  test("requires base_url for network providers", () => {
    expect(problemsOf("providers:\n  - { name: p, type: openai }\n")).toEqual([
      "providers[0].base_url: required for type openai",
    ]);
  });

  test("rejects a bad duration with the accepted forms", () => {
    const problems = problemsOf(`${minimal}timeouts: { request: soon }\n`);
    expect(problems).toEqual([
      'timeouts.request: expected a duration like 30s, 5m, 500ms or a number of seconds, got "soon"',
    ]);
  });

  test("rejects duplicate provider names", () => {
    const problems = problemsOf(
      "providers:\n  - { name: a, type: mock }\n  - { name: a, type: mock }\n",
    );
    expect(problems).toEqual([
      'providers[1].name: duplicate provider name "a" (also providers[0])',
    ]);
  });

  test("reports invalid YAML", () => {
    expect(problemsOf("providers: [\n")[0]).toStartWith(": invalid YAML");
  });

  test("adds the API version to a bare base URL", () => {
    const text = `providers:
  - { name: o, type: openai, base_url: "https://api.openai.com" }
  - { name: a, type: azure, base_url: "https://r.openai.azure.com/" }
  - { name: c, type: openai, base_url: "http://localhost:8000/v1/" }
`;
    const urls = parseConfigText(text, options).providers.map((p) => p.base_url);
    expect(urls).toEqual([
      "https://api.openai.com/v1",
      "https://r.openai.azure.com/openai",
      "http://localhost:8000/v1",
    ]);
  });

  test("resolves storage.path against the config file's directory", () => {
    expect(parseConfigText(minimal, options).storage.path).toBe("/srv/proxy/llm-proxy.db");
  });

  test("returns a frozen config", () => {
    const config = parseConfigText(minimal, options);
    expect(Object.isFrozen(config.server)).toBe(true);
    expect(Object.isFrozen(config.providers[0])).toBe(true);
  });

  test("loads a file and names it when it is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmp-config-"));
    const path = join(dir, "proxy.yaml");
    writeFileSync(path, minimal);
    const config = await loadConfig({ path, env: {} });
    expect(config.storage.path).toBe(join(dir, "llm-proxy.db"));
    await expect(loadConfig({ path: join(dir, "nope.yaml"), env: {} })).rejects.toThrow(
      /nope\.yaml: 1 problem/,
    );
  });

  test("the shipped proxy.config.yaml validates without any environment", async () => {
    const config = await loadConfig({ path: "proxy.config.yaml", env: {} });
    expect(config.providers.map((p) => p.name)).toContain("mock");
  });
});
