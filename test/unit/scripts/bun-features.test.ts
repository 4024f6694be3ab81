// The bench's bun-features target writes the rows llm-proxy writes: one usage row and one trace
// per request, in llm-proxy's schema, readable by its own repositories.

import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTraceRepository } from "../../../src/store/index.ts";
import { startMockUpstream } from "../../support/mock-upstream.ts";
import { readUntil } from "../../support/read-until.ts";

test("bun-features answers through the upstream and stores a usage row and a trace per request", async () => {
  await using upstream = startMockUpstream();
  const dbPath = join(mkdtempSync(join(tmpdir(), "llmp-bun-features-")), "features.db");
  const proc = Bun.spawn(
    [
      process.execPath,
      "scripts/bench/bun-features.ts",
      "--upstream",
      new URL(upstream.url).origin,
      "--db",
      dbPath,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const banner = await readUntil(proc.stdout, /client token: (\S+)/);
  const origin = /listening on (http:\/\/[\d.:]+)/.exec(banner)?.[1] ?? "";
  const token = /client token: (\S+)/.exec(banner)?.[1] ?? "";
  const ask = (stream: boolean) =>
    fetch(`${origin}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-test",
        stream,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
  expect((await fetch(`${origin}/v1/chat/completions`, { method: "POST" })).status).toBe(401);
  const json = await ask(false);
  expect(json.status).toBe(200);
  expect(json.headers.get("x-session-id")).toStartWith("ses_");
  const answer = (await json.json()) as { usage: { prompt_tokens: number } };
  const streamed = await (await ask(true)).text();
  expect(streamed).toContain("data: [DONE]");
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);

  const db = new Database(dbPath, { readonly: true });
  const usage = db
    .query<{ input_tokens: number; session_id: string }, []>(
      "select input_tokens, session_id from usage_records order by id",
    )
    .all();
  expect(usage).toHaveLength(2);
  expect(usage[0]?.input_tokens).toBe(answer.usage.prompt_tokens);
  expect(usage[1]?.session_id).toBe(usage[0]?.session_id ?? "");
  // and rolls them up for /admin/stats as llm-proxy's repository does
  const rolledUp = db
    .query<{ requests: number }, []>("select sum(requests) as requests from usage_minutes")
    .get();
  expect(rolledUp?.requests).toBe(2);
  const traces = await createTraceRepository(db).list({});
  expect(traces).toHaveLength(2);
  const stored = await createTraceRepository(db).get(traces[0]?.id ?? "");
  expect(stored?.response_body).toContain("data: [DONE]");
  expect(stored?.request_headers?.authorization).toBe("[REDACTED]");
  db.close();
});
