import { expect, test } from "bun:test";
import { configuredSecrets, parseConfigText, redactConfig } from "../../../src/config/index.ts";

test("redacts keys, secrets, credential headers and URL userinfo", () => {
  const config = parseConfigText(
    `auth: { admin_key: admin-secret-0123456789 }
providers:
  - name: p
    base_url: "https://user:pass@example.test/v1"
    api_key: sk-upstream-secret
    headers: { Authorization: "Bearer hdr-secret", OpenAI-Organization: org-1 }
`,
    { env: {}, baseDir: "/", source: "t" },
  );
  const text = JSON.stringify(redactConfig(config));
  for (const secret of ["admin-secret-0123456789", "sk-upstream-secret", "hdr-secret", "pass"]) {
    expect(text).not.toContain(secret);
  }
  expect(text).toContain("org-1");
  expect(text).toContain("[redacted]");
});

test("configured header values are secrets for log scrubbing unless their name is known safe", () => {
  const config = parseConfigText(
    `providers:
  - name: p
    base_url: "https://example.test/v1"
    headers: { X-Upstream-Auth: sk-custom-header-secret, anthropic-version: "2023-06-01", OpenAI-Project: proj-123456 }
`,
    { env: {}, baseDir: "/", source: "t" },
  );
  expect(configuredSecrets(config)).toEqual(["sk-custom-header-secret"]);
});
