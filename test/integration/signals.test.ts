// Every signal path of `serve`: it execs itself in place (no launcher), so TERM, INT, HUP and
// KILL all reach the process that serves, and none leaves anything behind.

import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { openStream } from "../support/open-stream.ts";

function childrenOf(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean),
  );
}

function envOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
}

test("serve is one process: the spawned PID serves with the fetch limit raised", async () => {
  await using upstream = startMockUpstream();
  await using proxy = await startServe(["--base-url", upstream.url]);
  expect(childrenOf(proxy.pid)).toEqual([]);
  expect(envOf(proxy.pid)).toContain("BUN_CONFIG_MAX_HTTP_REQUESTS=16384");
  expect((await fetch(`${proxy.origin}/health`)).status).toBe(200);
});

test.each(["SIGTERM", "SIGINT"] as const)("%s drains and exits 0", async (signal) => {
  await using upstream = startMockUpstream();
  const proxy = await startServe(["--base-url", upstream.url]);
  proxy.signal(signal);
  expect(await proxy.exited).toBe(0);
  const stderr = await proxy.stderrClosed;
  expect(stderr).toContain(`${signal} received: shutting down`);
  expect(stderr).toContain("stopped");
});

test("SIGHUP never stops the server", async () => {
  await using upstream = startMockUpstream();
  const proxy = await startServe(["--base-url", upstream.url]);
  proxy.signal("SIGHUP");
  await proxy.waitForStderr(/SIGHUP received/);
  const answer = await fetch(`${proxy.origin}/v1/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "still here" }] }),
  });
  expect(answer.status).toBe(200);
  proxy.signal("SIGTERM");
  expect(await proxy.exited).toBe(0);
});

test("SIGKILL leaves no process behind and frees the port", async () => {
  await using upstream = startMockUpstream();
  const proxy = await startServe(["--base-url", upstream.url]);
  proxy.signal("SIGKILL");
  expect(await proxy.exited).not.toBe(0);
  await proxy.stderrClosed; // closes only when no process holds stderr any more
  const refused = await fetch(`${proxy.origin}/health`).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(Error);
});

test("SIGHUP during the drain neither reloads nor stops the drain", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 60 });
  const path = join(mkdtempSync(join(tmpdir(), "llmp-signals-")), "proxy.yaml");
  writeFileSync(
    path,
    `storage: { path: ./p.db }\nproviders:\n  - { name: up, type: openai, base_url: "${upstream.url}", api_key: sk-up-key-0001 }\n`,
  );
  const proxy = await startServe(["-c", path]);
  const stream = await openStream(`${proxy.origin}/v1/chat/completions`, "a b");
  proxy.signal("SIGTERM");
  await proxy.waitForStderr(/SIGTERM received: shutting down/);
  proxy.signal("SIGHUP");
  expect(await stream.rest()).toContain("data: [DONE]");
  expect(await proxy.exited).toBe(0);
  const stderr = await proxy.stderrClosed;
  expect(stderr).toContain("SIGHUP received: ignored while shutting down");
  expect(stderr).not.toContain("config reloaded");
});
