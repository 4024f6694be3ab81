// Upstream error bodies in the client's dialect, with the same status.

import { describe, expect, test } from "bun:test";
import { translateErrorBody } from "../../../src/translate/index.ts";

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const parsed = (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body));

describe("translateErrorBody", () => {
  test("an Anthropic error becomes OpenAI's shape, keeping type and message", () => {
    const upstream = { type: "error", error: { type: "rate_limit_error", message: "Slow down" } };
    const body = translateErrorBody("anthropic-messages", "openai-chat", 429, bytes(upstream));
    expect(parsed(body)).toEqual({
      error: { message: "Slow down", type: "rate_limit_error", param: null, code: null },
    });
  });

  test("an OpenAI error becomes Anthropic's shape, typed by status", () => {
    const upstream = {
      error: {
        message: "Bad key",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    };
    const body = translateErrorBody("openai-chat", "anthropic-messages", 401, bytes(upstream));
    expect(parsed(body)).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "Bad key" },
    });
    const overloaded = translateErrorBody(
      "openai-chat",
      "anthropic-messages",
      529,
      bytes({ error: { message: "busy", type: "server_error" } }),
    );
    expect(parsed(overloaded).error.type).toBe("overloaded_error");
  });

  test.each([
    [
      "openai-chat",
      {
        error: {
          message: "bad param",
          type: "invalid_request_error",
          param: "temperature",
          code: "x",
        },
      },
    ],
    [
      "anthropic-messages",
      { type: "error", error: { type: "invalid_request_error", message: "bad param" } },
    ],
  ] as const)("a Responses client reads a %s error in OpenAI's shape", (upstream, body) => {
    expect(
      parsed(translateErrorBody(upstream, "openai-responses", 400, bytes(body))).error.message,
    ).toBe("bad param");
  });

  test("an unparseable body gets a generic message naming the status", () => {
    const body = translateErrorBody(
      "openai-chat",
      "anthropic-messages",
      502,
      bytes("<html>Bad Gateway</html>"),
    );
    expect(parsed(body)).toEqual({
      type: "error",
      error: { type: "api_error", message: "upstream answered 502" },
    });
    const openai = translateErrorBody("anthropic-messages", "openai-chat", 500, bytes(""));
    expect(parsed(openai)).toEqual({
      error: { message: "upstream answered 500", type: "api_error", param: null, code: null },
    });
  });
});
