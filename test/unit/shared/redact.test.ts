import { describe, expect, test } from "bun:test";
import {
  createRedactor,
  createSecretNeedles,
  redactHeaders,
  redactQuery,
  redactText,
  scrubSecrets,
  scrubSecretsInBytes,
  withSecrets,
} from "../../../src/shared/index.ts";

describe("redactHeaders", () => {
  test.each([
    "authorization",
    "x-api-key",
    "api-key",
    "cookie",
    "set-cookie",
    "proxy-authorization",
  ])("redacts %s whatever its case", (name) => {
    const upper = name.toUpperCase();
    expect(redactHeaders({ [upper]: "s3cret", accept: "*/*" })).toEqual({
      [upper]: "[redacted]",
      accept: "*/*",
    });
    expect(redactHeaders(new Headers({ [name]: "s3cret" }))).toEqual({ [name]: "[redacted]" });
  });

  test("redacts extra names case-insensitively and keeps the rest", () => {
    const headers = new Headers({
      "X-Goog-Api-Key": "g",
      "OpenAI-Organization": "org",
      "content-type": "application/json",
    });
    expect(redactHeaders(headers, ["x-goog-api-key", "OPENAI-ORGANIZATION"])).toEqual({
      "x-goog-api-key": "[redacted]",
      "openai-organization": "[redacted]",
      "content-type": "application/json",
    });
  });

  test("a header sent twice, set-cookie among them, comes out once and redacted when secret", () => {
    const headers = new Headers([
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["Cookie", "c=3"],
      ["Accept", "text/plain"],
      ["accept", "application/json"],
    ]);
    expect(redactHeaders(headers)).toEqual({
      "set-cookie": "[redacted]",
      cookie: "[redacted]",
      accept: "text/plain, application/json",
    });
  });

  test("keeps non-secret headers untouched", () => {
    expect(redactHeaders({ "x-request-id": "req_1", "user-agent": "curl" })).toEqual({
      "x-request-id": "req_1",
      "user-agent": "curl",
    });
  });
});

describe("redactQuery", () => {
  test.each([
    ["/v1/models?key=abc", "/v1/models?key=[redacted]"],
    [
      "https://example.com/v1beta/models/g:generate?alt=sse&key=AIzaSy123",
      "https://example.com/v1beta/models/g:generate?alt=sse&key=[redacted]",
    ],
    [
      "/x?api_key=1&API-KEY=2&Token=3&access_token=4&secret=5&password=6&sig=7&signature=8",
      "/x?api_key=[redacted]&API-KEY=[redacted]&Token=[redacted]&access_token=[redacted]" +
        "&secret=[redacted]&password=[redacted]&sig=[redacted]&signature=[redacted]",
    ],
    [
      "/x?x-goog-api-key=1&refresh_token=2&client_secret=3",
      "/x?x-goog-api-key=[redacted]&refresh_token=[redacted]&client_secret=[redacted]",
    ],
    [
      "/x?api%5Fkey=1&%4Bey=2&pass%77ord=3",
      "/x?api%5Fkey=[redacted]&%4Bey=[redacted]&pass%77ord=[redacted]",
    ],
    ["/x?model=gpt%2D4o&q=a%20b&limit=10", "/x?model=gpt%2D4o&q=a%20b&limit=10"],
    ["/x?alt=sse&key=a%2Bb%3D&stream=true", "/x?alt=sse&key=[redacted]&stream=true"],
    ["/x?token=abc#frag", "/x?token=[redacted]#frag"],
    ["/x?signed=1&sigma=2", "/x?signed=1&sigma=2"],
    ["/x?flag&key=&bad%ZZkey=1", "/x?flag&key=&bad%ZZkey=[redacted]"],
    ["/v1/chat/completions", "/v1/chat/completions"],
  ])("%s", (input, expected) => {
    expect(redactQuery(input)).toBe(expected);
  });
});

describe("scrubSecrets", () => {
  test("replaces every occurrence of each secret", () => {
    const text = '{"key":"sk-abcdefgh","again":"sk-abcdefgh","other":"tok-12345678"}';
    expect(scrubSecrets(text, ["sk-abcdefgh", "tok-12345678"])).toBe(
      '{"key":"[redacted]","again":"[redacted]","other":"[redacted]"}',
    );
  });

  test("ignores secrets shorter than 8 characters", () => {
    expect(scrubSecrets("a short one: abc", ["abc", ""])).toBe("a short one: abc");
  });

  test("replaces a longer secret whole even when it contains a shorter one", () => {
    expect(scrubSecrets("x sk-12345678-extra y", ["sk-12345678", "sk-12345678-extra"])).toBe(
      "x [redacted] y",
    );
  });

  test("treats secrets literally, not as patterns", () => {
    expect(scrubSecrets("a.b*c+d?e a1b2c3d4e", ["a.b*c+d?e"])).toBe("[redacted] a1b2c3d4e");
  });
});

describe("redactText", () => {
  test.each([
    [
      "upstream refused https://gen.example/v1/models/g:generate?alt=sse&key=AIzaSy123 (502)",
      "upstream refused https://gen.example/v1/models/g:generate?alt=sse&key=[redacted] (502)",
    ],
    ['{"url":"/v1/x?api_key=abc&limit=2"}', '{"url":"/v1/x?api_key=[redacted]&limit=2"}'],
    [`token sk-llmp-${"A".repeat(43)} was revoked`, "token [redacted] was revoked"],
    [
      "sent Authorization: Bearer eyJhbGciOi.payload.sig today",
      "sent Authorization: Bearer [redacted] today",
    ],
    ["is this a question? yes", "is this a question? yes"],
    ["nothing secret here", "nothing secret here"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  test("a redactor also scrubs the configured secrets by value", () => {
    const redact = createRedactor(["upstream-key-123456", "short"]);
    expect(redact("key upstream-key-123456 and short and ?token=t1")).toBe(
      "key [redacted] and short and ?token=[redacted]",
    );
  });
});

describe("scrubSecretsInBytes", () => {
  const encoder = new TextEncoder();

  test("bytes without a secret come back as they are, not decoded", () => {
    const bytes = encoder.encode('{"q":"nothing to hide, ünïcode"}');
    const needles = createSecretNeedles(["sk-upstream-0123456789", "short"]);
    expect(scrubSecretsInBytes(bytes, needles)).toBe(bytes);
  });

  test("bytes with a secret come back as the scrubbed text; secrets too short stay", () => {
    const bytes = encoder.encode("key sk-upstream-0123456789 and é short");
    const needles = createSecretNeedles(["sk-upstream-0123456789", "short"]);
    expect(scrubSecretsInBytes(bytes, needles)).toBe("key [redacted] and é short");
  });

  test("secrets added per request are found too, a longer one that holds a shorter goes whole", () => {
    const configured = createSecretNeedles(["pässwört-0123"]);
    expect(withSecrets(configured, ["tiny"])).toBe(configured);
    const needles = withSecrets(configured, ["sk-llmp-abcdefgh", "sk-llmp-abcdefgh-and-more"]);
    const bytes = encoder.encode("a sk-llmp-abcdefgh-and-more b pässwört-0123 c sk-llmp-abcdefgh");
    expect(scrubSecretsInBytes(bytes, needles)).toBe("a [redacted] b [redacted] c [redacted]");
    expect(scrubSecretsInBytes(encoder.encode("pässwört-0123"), configured)).toBe("[redacted]");
  });
});
