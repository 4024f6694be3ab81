// The bench's bun-bare and bun-stream targets (bun-bare.ts --through-js) pass answers on unchanged:
// the same JSON and the same events as the upstream sent, status and content type included.

import { expect, test } from "bun:test";
import { startMockUpstream } from "../../support/mock-upstream.ts";
import { readUntil } from "../../support/read-until.ts";

test.each([
  ["bun-bare", []],
  ["bun-stream", ["--through-js"]],
])("%s answers JSON and SSE exactly as the upstream does", async (name, flags) => {
  await using upstream = startMockUpstream();
  const direct = new URL(upstream.url).origin;
  const proc = Bun.spawn(
    [process.execPath, "scripts/bench/bun-bare.ts", "--upstream", direct, ...flags],
    { stdout: "pipe", stderr: "pipe" },
  );
  const banner = await readUntil(proc.stdout, /listening on (http:\/\/[\d.:]+)/);
  expect(banner).toStartWith(`${name} listening`);
  const origin = /listening on (http:\/\/[\d.:]+)/.exec(banner)?.[1] ?? "";
  const ask = (base: string, stream: boolean) =>
    fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-mock-chunks": "20" },
      body: JSON.stringify({
        model: "gpt-test",
        stream,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
  for (const stream of [false, true]) {
    const [viaStream, viaUpstream] = await Promise.all([ask(origin, stream), ask(direct, stream)]);
    expect(viaStream.status).toBe(200);
    expect(viaStream.headers.get("content-type")).toBe(viaUpstream.headers.get("content-type"));
    const [got, want] = await Promise.all([viaStream.text(), viaUpstream.text()]);
    // ids and timestamps differ per answer; the shape and the text do not
    const shape = (text: string) => text.replace(/"(id|created)":("[^"]*"|\d+)/g, "");
    expect(shape(got)).toBe(shape(want));
    if (stream) expect(got.match(/^data: /gm)?.length).toBeGreaterThan(20);
  }
  proc.kill("SIGTERM");
  await proc.exited;
});
