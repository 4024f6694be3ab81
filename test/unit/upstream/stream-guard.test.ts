import { expect, test } from "bun:test";
import { guardStream, type StreamFailure } from "../../../src/upstream/stream-guard.ts";

const encoder = new TextEncoder();
const cut: StreamFailure = {
  kind: "upstream_cut",
  error: {
    message: "provider p ended the stream unexpectedly",
    type: "api_error",
    code: "upstream_error",
  },
};

function failingSource(parts: string[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[index++];
      if (part === undefined) controller.error(new Error("socket closed"));
      else controller.enqueue(encoder.encode(part));
    },
  });
}

const sse = { dialect: "openai" as const, eventStream: true, describeFailure: () => cut };

test("passes a complete stream through byte for byte and ends once, complete", async () => {
  const source = new Response("data: a\n\ndata: [DONE]\n\n").body as ReadableStream<Uint8Array>;
  const guarded = guardStream(source, sse);
  expect(await new Response(guarded.body).text()).toBe("data: a\n\ndata: [DONE]\n\n");
  expect(await guarded.ended).toEqual({ kind: "complete", bytes: 23 });
});

test("ends a broken OpenAI stream with an error event and no [DONE]", async () => {
  const guarded = guardStream(failingSource(['data: {"a":1}\n\n']), sse);
  const text = await new Response(guarded.body).text();
  expect(text).toBe(
    'data: {"a":1}\n\nevent: error\ndata: {"error":{"message":"provider p ended the stream unexpectedly","type":"api_error","param":null,"code":"upstream_error"}}\n\n',
  );
  expect(await guarded.ended).toEqual({ kind: "upstream_cut", bytes: 15, error: cut.error });
});

test("finishes a half-sent event before the Anthropic error event", async () => {
  const guarded = guardStream(failingSource(['event: content_block_delta\ndata: {"ty']), {
    ...sse,
    dialect: "anthropic",
  });
  const text = await new Response(guarded.body).text();
  expect(text).toEndWith(
    'data: {"ty\n\nevent: error\ndata: {"type":"error","error":{"type":"api_error","message":"provider p ended the stream unexpectedly"}}\n\n',
  );
});

test("a body that is not SSE is errored when it breaks, never ended short as if complete", async () => {
  const guarded = guardStream(failingSource(['{"choices":[']), { ...sse, eventStream: false });
  const read = new Response(guarded.body).text();
  await expect(read).rejects.toThrow();
  expect((await guarded.ended).kind).toBe("upstream_cut");
});

test("reports a cancel by the client and cancels the source", async () => {
  let sourceCancelled = false;
  const source = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.enqueue(encoder.encode("data: x\n\n")),
    cancel: () => {
      sourceCancelled = true;
    },
  });
  const guarded = guardStream(source, sse);
  const reader = guarded.body.getReader();
  await reader.read();
  await reader.cancel();
  expect(sourceCancelled).toBe(true);
  expect(await guarded.ended).toEqual({ kind: "client_abort", bytes: 9 });
});

test("a transform that holds chunks back still ends the stream, and sees each upstream byte", async () => {
  const seen: string[] = [];
  let held = "";
  const guarded = guardStream(failingSource(["data: a", "\n\n", "data: b\n"]), {
    ...sse,
    upstreamTap: { push: (chunk) => seen.push(new TextDecoder().decode(chunk)) },
    // lets text through only once an event is complete
    transform: {
      push(chunk) {
        held += new TextDecoder().decode(chunk);
        const end = held.lastIndexOf("\n\n");
        if (end === -1) return null;
        const out = held.slice(0, end + 2);
        held = held.slice(end + 2);
        return encoder.encode(out.toUpperCase());
      },
      flush() {
        const out = held;
        held = "";
        return out === "" ? null : encoder.encode(out);
      },
    },
  });
  const text = await new Response(guarded.body).text();
  expect(seen).toEqual(["data: a", "\n\n", "data: b\n"]);
  expect(text.startsWith("DATA: A\n\ndata: b\n\n\nevent: error\n")).toBe(true);
  expect(text).toContain('"code":"upstream_error"');
  expect(await guarded.ended).toEqual({ kind: "upstream_cut", bytes: 17, error: cut.error });
});
