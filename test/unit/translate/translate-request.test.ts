// translateRequest and canTranslate as the pipeline sees them: directions, pass-through, purity.

import { expect, test } from "bun:test";
import { type ApiDialect, canTranslate, translateRequest } from "../../../src/translate/index.ts";
import { claudeCodeFirstRequest, codexRequest } from "./client-requests.ts";

const dialects: ApiDialect[] = ["openai-chat", "openai-responses", "anthropic-messages"];

test("the directions DESIGN.md asks for exist, and the others do not", () => {
  const directions = dialects.flatMap((from) =>
    dialects.filter((to) => from !== to && canTranslate(from, to)).map((to) => `${from}->${to}`),
  );
  expect(directions).toEqual([
    "openai-chat->anthropic-messages",
    "openai-responses->openai-chat",
    "openai-responses->anthropic-messages",
    "anthropic-messages->openai-chat",
  ]);
  expect(dialects.every((dialect) => canTranslate(dialect, dialect))).toBe(true);
});

test("the same dialect passes the body through untouched, with its own path", () => {
  const body = { model: "m", input: "x", store: true };
  expect(
    translateRequest("openai-responses", "openai-responses", body, { defaultMaxTokens: 1 }),
  ).toEqual({
    ok: true,
    request: { body, path: "/v1/responses", dropped: [] },
  });
});

test("a direction that does not exist is refused", () => {
  const result = translateRequest(
    "anthropic-messages",
    "openai-responses",
    { model: "m" },
    { defaultMaxTokens: 1 },
  );
  expect(result.ok).toBe(false);
});

test.each([
  ["anthropic-messages", "openai-chat", claudeCodeFirstRequest],
  ["openai-responses", "anthropic-messages", codexRequest],
  ["openai-responses", "openai-chat", codexRequest],
] as const)("translating %s to %s leaves the client's body as it was", (from, to, makeBody) => {
  const body = makeBody();
  const before = structuredClone(body);
  const result = translateRequest(from, to, body, { defaultMaxTokens: 4096 });
  expect(result.ok).toBe(true);
  expect(body).toEqual(before);
});
