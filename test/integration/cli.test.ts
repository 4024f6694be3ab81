import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { openStream } from "../support/open-stream.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "llmp-cli-"));

test("config validate accepts the shipped config", async () => {
  const result = await runCli(["config", "validate", "-c", "proxy.config.yaml"]);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain("proxy.config.yaml: ok (3 provider(s): mock, openai, anthropic)");
});

test("config validate lists every problem with its path and exits 1", async () => {
  const path = join(tempDir(), "bad.yaml");
  writeFileSync(
    path,
    "server: { prot: 80 }\nproviders:\n  - name: p\n    type: openai\n    api_key: ${MISSING_KEY}\n",
  );
  const result = await runCli(["config", "validate", "-c", path]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`${path}: 2 problems`);
  expect(result.stderr).toContain('server.prot: unknown key (did you mean "port"?)');
  expect(result.stderr).toContain(
    "providers[0].api_key: environment variable MISSING_KEY is not set",
  );
});

test("config validate finds the file through LLM_PROXY_CONFIG", async () => {
  const path = join(tempDir(), "env.yaml");
  writeFileSync(path, "providers:\n  - { name: only, type: mock }\n");
  const result = await runCli(["config", "validate"], { LLM_PROXY_CONFIG: path });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain("1 provider(s): only");
});

test("config init writes a commented example that validates, and will not overwrite it", async () => {
  const path = join(tempDir(), "new.yaml");
  const first = await runCli(["config", "init", path]);
  expect(first.exitCode).toBe(0);
  expect(readFileSync(path, "utf8")).toContain("# llm-proxy configuration");
  expect((await runCli(["config", "validate", "-c", path])).exitCode).toBe(0);
  const again = await runCli(["config", "init", path]);
  expect(again.exitCode).toBe(1);
  expect(again.stderr).toContain("already exists (use --force to overwrite)");
});

test("a wrong flag or flag value exits 1 and names the flag", async () => {
  const unknown = await runCli(["serve", "--prot", "80"], { BUN_CONFIG_MAX_HTTP_REQUESTS: "512" });
  expect(unknown.exitCode).toBe(1);
  expect(unknown.stderr).toContain("unknown option --prot");
  const badPort = await runCli(["serve", "--port", "http"], {
    BUN_CONFIG_MAX_HTTP_REQUESTS: "512",
  });
  expect(badPort.exitCode).toBe(1);
  expect(badPort.stderr).toContain('--port: expected a whole number from 0 to 65535, got "http"');
  const badType = await runCli(["serve", "--base-url", "http://x.test", "--type", "gemini"]);
  expect(badType.exitCode).toBe(1);
  expect(badType.stderr).toContain("--type: expected one of openai, anthropic, azure, mock");
});

test("serve with a missing config file exits 1 naming the file", async () => {
  const result = await runCli(["serve", "-c", "/nonexistent/proxy.yaml"]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("/nonexistent/proxy.yaml: 1 problem");
});

test("quick start from flags proxies with the given key and no config file", async () => {
  await using upstream = startMockUpstream();
  const cwd = tempDir();
  await using proxy = await startServe(
    ["--base-url", upstream.url, "--type", "openai", "--api-key", "sk-from-flag"],
    { HOME: cwd },
  );
  const response = await fetch(`${proxy.origin}/v1/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "any", messages: [{ role: "user", content: "quick" }] }),
  });
  expect(response.status).toBe(200);
  expect(upstream.requests[0]?.headers.authorization).toBe("Bearer sk-from-flag");
});

test("quick start from LLM_* environment variables, with LOG_LEVEL", async () => {
  await using upstream = startMockUpstream();
  await using proxy = await startServe([], {
    LLM_BASE_URL: upstream.origin,
    LLM_TYPE: "anthropic",
    LLM_API_KEY: "sk-from-env",
    LOG_LEVEL: "debug",
  });
  const response = await fetch(`${proxy.origin}/v1/messages`, {
    method: "POST",
    body: JSON.stringify({
      model: "claude-x",
      max_tokens: 5,
      messages: [{ role: "user", content: "env" }],
    }),
  });
  expect(response.status).toBe(200);
  expect(upstream.requests[0]?.path).toBe("/v1/messages");
  expect(upstream.requests[0]?.headers["x-api-key"]).toBe("sk-from-env");
});

test("SIGTERM lets an in-flight stream finish, then exits 0", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 40 });
  await using proxy = await startServe(["--base-url", upstream.url, "--api-key", "k"]);
  const stream = await openStream(`${proxy.origin}/v1/chat/completions`, "a b c d e f");
  proxy.signal("SIGTERM");
  expect(await stream.rest()).toContain("data: [DONE]");
  expect(await proxy.exited).toBe(0);
  expect(proxy.stderr()).toContain("SIGTERM received");
});
