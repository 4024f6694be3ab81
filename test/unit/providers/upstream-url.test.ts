import { expect, test } from "bun:test";
import { parseConfigText } from "../../../src/config/index.ts";
import { providerFor } from "../../../src/providers/index.ts";

const configOf = (type: string) =>
  parseConfigText(`providers:\n  - { name: p, type: ${type}, base_url: "https://up.test/v1" }\n`, {
    env: {},
    baseDir: "/",
    source: "t",
  }).providers[0];

test.each([
  ["openai", "/v1/chat/completions", "", "https://base.test/v1/chat/completions"],
  ["openai", "/v1/models", "?limit=1", "https://base.test/v1/models?limit=1"],
  ["anthropic", "/v1/messages", "?beta=true", "https://base.test/v1/messages?beta=true"],
])("%s maps %s%s onto the versioned base URL", (type, pathname, search, expected) => {
  const provider = providerFor(configOf(type) as NonNullable<ReturnType<typeof configOf>>);
  expect(provider.toUpstreamUrl("https://base.test/v1", { pathname, search, model: "m" })).toBe(
    expected,
  );
});

test("azure sends OpenAI-style paths to the model's deployment with api-version", () => {
  const provider = providerFor({
    ...(configOf("azure") as NonNullable<ReturnType<typeof configOf>>),
    api_version: "2024-10-21",
  });
  const base = "https://r.openai.azure.com/openai";
  expect(
    provider.toUpstreamUrl(base, { pathname: "/v1/chat/completions", search: "", model: "gpt 4o" }),
  ).toBe(
    "https://r.openai.azure.com/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21",
  );
  expect(
    provider.toUpstreamUrl(base, {
      pathname: "/openai/deployments/d1/embeddings",
      search: "?api-version=2025-01-01",
      model: "mapped",
    }),
  ).toBe("https://r.openai.azure.com/openai/deployments/mapped/embeddings?api-version=2025-01-01");
});

test.each([
  ["openai", "authorization", "Bearer sk-x"],
  ["anthropic", "x-api-key", "sk-x"],
  ["azure", "api-key", "sk-x"],
])("%s puts the credential in %s", (type, header, value) => {
  const headers = new Headers();
  providerFor(configOf(type) as NonNullable<ReturnType<typeof configOf>>).applyCredential(
    headers,
    "sk-x",
  );
  expect(headers.get(header)).toBe(value);
});

test("anthropic keeps the client's anthropic-version and fills it when missing", () => {
  const provider = providerFor(configOf("anthropic") as NonNullable<ReturnType<typeof configOf>>);
  const given = new Headers({ "anthropic-version": "2024-01-01" });
  provider.applyDefaults(given);
  expect(given.get("anthropic-version")).toBe("2024-01-01");
  const missing = new Headers();
  provider.applyDefaults(missing);
  expect(missing.get("anthropic-version")).toBe("2023-06-01");
});
