import { expect, test } from "bun:test";
import { ConfigError, parseConfigText } from "../../../src/config/index.ts";

const options = { env: {}, baseDir: "/tmp", source: "admin.yaml" };
const withKey = (key: string) =>
  `auth: { admin_key: ${JSON.stringify(key)} }\nproviders:\n  - { name: m, type: mock }\n`;

test.each(["a", "   ", "short-key-15chr", "  padded-key-0123456789  "])(
  "an admin key such as %p is refused with how to make one",
  (key) => {
    let error: unknown;
    try {
      parseConfigText(withKey(key), options);
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("auth.admin_key: must be at least 16");
    expect((error as ConfigError).message).toContain("openssl rand -base64 24");
  },
);

test("an empty admin key (admin API off) and a 16-character one are accepted", () => {
  expect(parseConfigText(withKey(""), options).auth.admin_key).toBe("");
  expect(parseConfigText(withKey("0123456789abcdef"), options).auth.admin_key).toHaveLength(16);
});
