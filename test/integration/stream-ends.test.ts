// A stream has one end, however it ends — cleanly, cut by the upstream, left by the client, past
// timeouts.request, or by shutdown — and that end releases the queue place and the provider's
// slot, writes one usage row and one trace.

import { expect, test } from "bun:test";
import { openStore, type SqliteStore } from "../../src/store/index.ts";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { overrideHeaders, startMockUpstream } from "../support/mock-upstream.ts";

type Row = Record<string, unknown>;

const body = (content: string) =>
  JSON.stringify({
    model: "gpt-test",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content }],
  });

function rows(store: SqliteStore, table: "usage_records" | "traces"): Row[] {
  return store.db.query<Row, []>(`select * from ${table} order by rowid`).all();
}

/** One place in the queue and one slot at the provider: a request that was not let go blocks the next. */
const oneAtATime = {
  queue: { max_concurrent: 1, timeout: "5s" },
  traces: { sink: "sqlite", sample_rate: 1 },
};

test("every way a stream ends releases its places and leaves one usage row and one trace", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 15 });
  const store = openStore(":memory:");
  await using proxy = startProxy(
    {
      ...oneAtATime,
      routing: { slot_wait: "5s" },
      providers: [
        upstreamProvider(upstream.url, { max_concurrent: 1, timeouts: { request: "400ms" } }),
      ],
    },
    { store },
  );
  const send = (content: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${proxy.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: body(content),
      signal,
    });

  // 1. clean
  const clean = await (await send("clean end")).text();
  expect(clean).toContain("data: [DONE]");

  // 2. the upstream cuts the connection after two events
  const cut = await (await send("cut end", { [overrideHeaders.disconnectAfter]: "2" })).text();
  expect(cut).toContain("event: error");
  expect(cut).not.toContain("[DONE]");

  // 3. the client leaves after its first chunk
  const leaving = new AbortController();
  const left = await send("client leaves", { [overrideHeaders.intervalMs]: "50" }, leaving.signal);
  await (left.body as ReadableStream<Uint8Array>).getReader().read();
  leaving.abort();
  await upstream.waitForAbort(2);

  // 4. timeouts.request ends a stream that is still running
  const slow = await (await send("too slow", { [overrideHeaders.intervalMs]: "200" })).text();
  expect(slow).toContain("event: error");
  expect(slow).toContain("timeout");

  // each of those let go of the one queue place and the one slot, or this would wait them out
  const after = await send("after all of them");
  expect(after.status).toBe(200);
  expect(await after.text()).toContain("data: [DONE]");
  const health = (await (await fetch(`${proxy.origin}/health`)).json()) as {
    in_flight: number;
    queue: { active: number };
  };
  expect(health.in_flight).toBe(0);
  expect(health.queue.active).toBe(0);

  await proxy.app.close();
  const usage = rows(store, "usage_records");
  expect(usage.map((row) => [row.status, row.error_class])).toEqual([
    [200, null],
    [200, "upstream_error"],
    [200, "client_closed"],
    [200, "upstream_timeout"],
    [200, null],
  ]);
  expect(usage.map((row) => row.request_id)).toEqual(
    rows(store, "traces").map((trace) => trace.request_id),
  );
  store.close();
});

test("a stream cut by shutdown writes its row and trace before the process lets go", async () => {
  await using upstream = startMockUpstream({ chunkCount: 100, chunkIntervalMs: 20 });
  const store = openStore(":memory:");
  const proxy = startProxy(
    { ...oneAtATime, providers: [upstreamProvider(upstream.url)] },
    { store },
  );
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: body("until shutdown"),
  });

  const [text] = await Promise.all([response.text(), proxy.server.shutdown(100)]);
  expect(text).toContain('"code":"shutting_down"');

  const usage = rows(store, "usage_records");
  expect(usage.map((row) => [row.status, row.error_class])).toEqual([[200, "shutting_down"]]);
  expect(rows(store, "traces").map((trace) => trace.request_id)).toEqual([usage[0]?.request_id]);
  store.close();
});
