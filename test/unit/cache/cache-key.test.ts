import { describe, expect, test } from "bun:test";
import { type CacheKeyInput, cacheKey, canonicalJson } from "../../../src/cache/index.ts";

function input(overrides: Partial<CacheKeyInput> = {}): CacheKeyInput {
  return {
    method: "POST",
    pathname: "/v1/chat/completions",
    search: "",
    json: { model: "gpt-a", temperature: 0, messages: [{ role: "user", content: "hi" }] },
    bytes: null,
    upstreamModels: ["gpt-a"],
    headers: new Headers(),
    varyHeaders: ["anthropic-version"],
    scope: "project:alpha",
    ...overrides,
  };
}

describe("canonicalJson", () => {
  test("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe("cacheKey", () => {
  const base = cacheKey(input());

  test("is stable for equal requests, whatever the key order", () => {
    const reordered = input({
      json: { messages: [{ content: "hi", role: "user" }], temperature: 0, model: "gpt-a" },
    });
    expect(cacheKey(reordered)).toBe(base);
  });

  test("uses the upstream models, not the asked-for name", () => {
    expect(cacheKey(input({ json: { ...input().json, model: "alias" } }))).toBe(base);
    expect(cacheKey(input({ upstreamModels: ["gpt-b"] }))).not.toBe(base);
    expect(cacheKey(input({ upstreamModels: ["gpt-b", "gpt-a"] }))).toBe(
      cacheKey(input({ upstreamModels: ["gpt-a", "gpt-b", "gpt-a"] })),
    );
  });

  test.each([
    ["scope", { scope: "project:beta" }],
    ["method", { method: "GET" }],
    ["path", { pathname: "/v1/completions" }],
    ["query", { search: "?api-version=2" }],
    ["body", { json: { model: "gpt-a", temperature: 1, messages: [] } }],
    ["vary header", { headers: new Headers({ "anthropic-version": "2023-06-01" }) }],
  ] as const)("changes with the %s", (_, overrides) => {
    expect(cacheKey(input(overrides as Partial<CacheKeyInput>))).not.toBe(base);
  });

  test("query parameter order does not matter; other headers do not count", () => {
    expect(cacheKey(input({ search: "?a=1&b=2" }))).toBe(cacheKey(input({ search: "?b=2&a=1" })));
    expect(cacheKey(input({ headers: new Headers({ "user-agent": "x" }) }))).toBe(base);
  });

  test("a body that is not JSON is hashed as bytes", () => {
    const raw = (text: string) => input({ json: undefined, bytes: new TextEncoder().encode(text) });
    expect(cacheKey(raw("abc"))).toBe(cacheKey(raw("abc")));
    expect(cacheKey(raw("abc"))).not.toBe(cacheKey(raw("abd")));
  });
});
