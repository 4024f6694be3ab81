import { expect, test } from "bun:test";
import { guardStream, type StreamEnd } from "../../../src/upstream/stream-guard.ts";

const encoder = new TextEncoder();
const wire = {
  message: "provider p ended the stream unexpectedly",
  type: "api_error",
  code: "upstream_error",
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

test("passes a complete stream through byte for byte", async () => {
  const ends: StreamEnd[] = [];
  const source = new Response("data: a\n\ndata: [DONE]\n\n").body as ReadableStream<Uint8Array>;
  const guarded = guardStream(source, {
    dialect: "openai",
    describeFailure: () => wire,
    onEnd: (e) => ends.push(e),
  });
  expect(await new Response(guarded).text()).toBe("data: a\n\ndata: [DONE]\n\n");
  expect(ends).toEqual([{ kind: "complete", bytes: 23 }]);
});

test("ends a broken OpenAI stream with an error event and no [DONE]", async () => {
  const ends: StreamEnd[] = [];
  const guarded = guardStream(failingSource(['data: {"a":1}\n\n']), {
    dialect: "openai",
    describeFailure: () => wire,
    onEnd: (e) => ends.push(e),
  });
  const text = await new Response(guarded).text();
  expect(text).toBe(
    'data: {"a":1}\n\nevent: error\ndata: {"error":{"message":"provider p ended the stream unexpectedly","type":"api_error","param":null,"code":"upstream_error"}}\n\n',
  );
  expect(ends[0]?.kind).toBe("failed");
});

test("finishes a half-sent event before the Anthropic error event", async () => {
  const guarded = guardStream(failingSource(['event: content_block_delta\ndata: {"ty']), {
    dialect: "anthropic",
    describeFailure: () => wire,
    onEnd: () => {},
  });
  const text = await new Response(guarded).text();
  expect(text).toEndWith(
    'data: {"ty\n\nevent: error\ndata: {"type":"error","error":{"type":"api_error","message":"provider p ended the stream unexpectedly"}}\n\n',
  );
});

test("reports a cancel by the client and cancels the source", async () => {
  let sourceCancelled = false;
  const source = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.enqueue(encoder.encode("data: x\n\n")),
    cancel: () => {
      sourceCancelled = true;
    },
  });
  const ends: StreamEnd[] = [];
  const guarded = guardStream(source, {
    dialect: "openai",
    describeFailure: () => wire,
    onEnd: (e) => ends.push(e),
  });
  const reader = guarded.getReader();
  await reader.read();
  await reader.cancel();
  expect(sourceCancelled).toBe(true);
  expect(ends[0]?.kind).toBe("cancelled");
});

test("a transform that holds chunks back still ends the stream, and sees each upstream byte", async () => {
  const ends: StreamEnd[] = [];
  const seen: string[] = [];
  let held = "";
  const guarded = guardStream(failingSource(["data: a", "\n\n", "data: b\n"]), {
    dialect: "openai",
    describeFailure: () => wire,
    onChunk: (chunk) => seen.push(new TextDecoder().decode(chunk)),
    // lets text through only once an event is complete
    transform: {
      push(chunk) {
        held += new TextDecoder().decode(chunk);
        const cut = held.lastIndexOf("\n\n");
        if (cut === -1) return null;
        const out = held.slice(0, cut + 2);
        held = held.slice(cut + 2);
        return encoder.encode(out.toUpperCase());
      },
      flush() {
        const out = held;
        held = "";
        return out === "" ? null : encoder.encode(out);
      },
    },
    onEnd: (e) => ends.push(e),
  });
  const text = await new Response(guarded).text();
  expect(seen).toEqual(["data: a", "\n\n", "data: b\n"]);
  expect(text.startsWith("DATA: A\n\ndata: b\n\n\nevent: error\n")).toBe(true);
  expect(text).toContain('"code":"upstream_error"');
  expect(ends).toEqual([{ kind: "failed", bytes: 17, error: wire }]);
});
