// sqlite keeps large trace bodies as zstd frames, small ones and older rows as plain text.

import { expect, test } from "bun:test";
import { createRepositories, openStore } from "../../../src/store/index.ts";
import { makeTrace } from "../observability/traces/make-trace.ts";

function freshStore() {
  const store = openStore(":memory:");
  return { store, traces: createRepositories(store).traces };
}

test("a large body is stored packed, far smaller than its text, and read back whole", async () => {
  const { store, traces } = freshStore();
  const event = `data: {"object":"chat.completion.chunk","choices":[{"delta":{"content":"é word"}}]}\n\n`;
  const trace = makeTrace({ response_body: event.repeat(200), request_body: "{}" });
  await traces.insertBatch([trace]);
  const row = store.db
    .query<{ kind: string; bytes: number; small: string }, [string]>(
      "select typeof(response_body) as kind, length(response_body) as bytes, typeof(request_body) as small from traces where id = ?",
    )
    .get(trace.id);
  expect(row?.kind).toBe("blob");
  expect(row?.small).toBe("text");
  expect(row?.bytes).toBeLessThan(event.length * 10);
  expect(await traces.get(trace.id)).toEqual(trace);
});

test("a row written as plain text before bodies were packed reads as it was", async () => {
  const { store, traces } = freshStore();
  const trace = makeTrace({ response_body: "x".repeat(5000) });
  await traces.insertBatch([trace]);
  // as an older binary wrote it
  store.db
    .query("update traces set response_body = ? where id = ?")
    .run("x".repeat(5000), trace.id);
  expect((await traces.get(trace.id))?.response_body).toBe("x".repeat(5000));
});
