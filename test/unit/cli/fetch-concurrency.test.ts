import { expect, test } from "bun:test";
import { needsFetchConcurrency } from "../../../src/cli/_fetch-concurrency.ts";

test.each([
  [["serve", "-c", "proxy.yaml"], {}, true],
  [["serve", "--help"], {}, false],
  [["serve", "-h"], {}, false],
  [["token", "list"], {}, false],
  [["serve"], { BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" }, false],
] as const)("serve re-executes itself for %j with %j: %p", (rawArgs, env, expected) => {
  expect(needsFetchConcurrency([...rawArgs], env)).toBe(expected);
});
