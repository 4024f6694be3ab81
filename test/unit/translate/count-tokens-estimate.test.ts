// The local input-token estimate for count_tokens against non-Anthropic providers.

import { expect, test } from "bun:test";
import { countTokensEstimate } from "../../../src/translate/index.ts";
import { claudeCodeFirstRequest } from "./client-requests.ts";

test("counts about four characters a token plus a little for each message", () => {
  const body = {
    model: "m",
    system: "a".repeat(40),
    messages: [{ role: "user", content: "b".repeat(40) }],
  };
  expect(countTokensEstimate("anthropic-messages", body)).toBe(20 + 4);
});

test("images cost a fixed amount, text documents by their text", () => {
  const image = {
    type: "image",
    source: { type: "base64", media_type: "image/png", data: "x".repeat(100_000) },
  };
  const text = {
    type: "document",
    source: { type: "text", media_type: "text/plain", data: "c".repeat(400) },
  };
  const withImage = countTokensEstimate("anthropic-messages", {
    messages: [{ role: "user", content: [image] }],
  });
  expect(withImage).toBe(1600 + 4);
  const withText = countTokensEstimate("anthropic-messages", {
    messages: [{ role: "user", content: [text] }],
  });
  expect(withText).toBeGreaterThanOrEqual(100);
  expect(withText).toBeLessThan(120);
});

test("tools count, and more input estimates more tokens", () => {
  const request = claudeCodeFirstRequest();
  const withoutTools = countTokensEstimate("anthropic-messages", { ...request, tools: [] });
  expect(countTokensEstimate("anthropic-messages", request)).toBeGreaterThan(withoutTools + 100);
  expect(countTokensEstimate("openai-responses", { input: "x".repeat(400) })).toBe(100 + 4);
});
