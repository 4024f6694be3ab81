import { describe, expect, test } from "bun:test";
import { createStreamUsageTap } from "../../../../src/observability/usage/index.ts";
import {
  chatRequest,
  chunkings,
  estimatedUsage,
  fixtureBytes,
  reportedUsage,
  tapUsage,
  utf8,
} from "./sse-chunks.ts";

describe("robustness", () => {
  test("skips malformed and odd events and still reads the good ones", () => {
    const bytes = utf8(
      [
        "data: {not json\n\n",
        'data: {"usage": {"prompt_tokens": 1\n\n',
        "data: [1,2]\n\n",
        "data: null\n\n",
        'data: "usage"\n\n',
        'data: {"choices":"x","usage":"y"}\n\n',
        'data: {"choices":[null,5,{"delta":null},{"delta":{"content":7}}]}\n\n',
        'data: {"choices":[],"usage":{"prompt_tokens":-1,"completion_tokens":"5"}}\n\n',
        ": a comment line\n",
        "event: nonsense\n",
        "id: 7\n",
        "retry: 10\n",
        "data: \n\n",
        'data: {"choices":[{"delta":{"content":"ok"}}]}\n\n',
        'data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":1}}\n\n',
        "data: [DONE]\n\n",
      ].join(""),
    );
    for (const [way, chunks] of chunkings(bytes)) {
      expect({ way, usage: tapUsage("openai_chat", chatRequest, chunks) }).toEqual({
        way,
        usage: reportedUsage(9, 1),
      });
    }
  });

  test("never throws on random bytes", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const kind of ["openai_chat", "openai_responses", "anthropic_messages"] as const) {
      const tap = createStreamUsageTap(kind, { messages: 5 });
      for (let i = 0; i < 200; i++) {
        const chunk = new Uint8Array(Math.floor(random() * 64)).map(() =>
          Math.floor(random() * 256),
        );
        tap.push(chunk);
        tap.push(utf8("data: {\n\r"));
      }
      expect(tap.finish().estimated).toBe(true);
    }
  });

  test.each([
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("reads %s line endings like LF", async (_name, ending) => {
    const lf = new TextDecoder().decode(await fixtureBytes("anthropic-message"));
    const bytes = utf8(lf.replaceAll("\n", ending));
    for (const [way, chunks] of chunkings(bytes)) {
      expect({ way, usage: tapUsage("anthropic_messages", chatRequest, chunks) }).toEqual({
        way,
        usage: reportedUsage(12, 5),
      });
    }
  });

  test("returns the same usage from every finish() and ignores later chunks", async () => {
    const tap = createStreamUsageTap("openai_chat", chatRequest);
    tap.push(utf8('data: {"choices":[{"delta":{"content":"abcd"}}]}\n\n'));
    const first = tap.finish();
    tap.push(await fixtureBytes("openai-chat"));
    expect(first).toEqual(estimatedUsage(2, 1));
    expect(tap.finish()).toEqual(first);
  });

  test("reads the usage at the end of a long stream, whatever came before it", () => {
    const tap = createStreamUsageTap("openai_chat", chatRequest);
    const event = utf8('data: {"choices":[{"delta":{"content":"0123456789abcdef"}}]}\n\n');
    // ~3 MB of content: only a window of it is kept
    for (let i = 0; i < 50_000; i++) tap.push(event);
    tap.push(utf8('data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":7}}\n\n'));
    tap.push(utf8("data: [DONE]\n\n"));
    expect(tap.finish()).toEqual(reportedUsage(9, 7));
  });

  test("reads a usage event that straddles the edge of the kept head and tail", () => {
    const event = 'data: {"choices":[{"delta":{"content":"0123456789abcdef"}}]}\n\n';
    const usage = 'data: {"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":222}}\n\n';
    const stream = utf8(`${event.repeat(150)}${usage}data: [DONE]\n\n`);
    // the head ends one chunk past 8 KB; the next chunk starts inside the usage event
    const seam = stream.byteLength - 60;
    const tap = createStreamUsageTap("openai_chat", chatRequest);
    tap.push(stream.subarray(0, seam));
    tap.push(stream.subarray(seam));
    expect(tap.finish()).toEqual(reportedUsage(11, 222));
  });

  test("a later usage: null does not hide the usage reported before it", () => {
    const tap = createStreamUsageTap("openai_chat", chatRequest);
    tap.push(utf8('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n'));
    tap.push(utf8('data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2}}\n\n'));
    tap.push(utf8('data: {"choices":[],"usage":null}\n\ndata: [DONE]\n\n'));
    expect(tap.finish()).toEqual(reportedUsage(4, 2));
  });

  test("a long stream cut before its usage is estimated from the text, scaled to its length", () => {
    const tap = createStreamUsageTap("openai_chat", chatRequest);
    const event = utf8('data: {"choices":[{"delta":{"content":"0123456789abcdef"}}]}\n\n');
    for (let i = 0; i < 50_000; i++) tap.push(event);
    const usage = tap.finish();
    // 50,000 × 16 chars = 800,000 chars, 200,000 tokens
    expect(usage.estimated).toBe(true);
    expect(Math.abs(usage.output_tokens - 200_000)).toBeLessThan(2_000);
  });

  test("reads nothing for the other kind", async () => {
    const tap = createStreamUsageTap("other", chatRequest);
    tap.push(await fixtureBytes("openai-chat"));
    expect(tap.finish()).toEqual(reportedUsage(0, 0));
  });

  test("estimates the input of a stream without events", () => {
    expect(tapUsage("openai_embeddings", chatRequest, [])).toEqual(estimatedUsage(2, 0));
    expect(tapUsage("openai_responses", { input: "abcd" }, [])).toEqual(estimatedUsage(1, 0));
  });
});
