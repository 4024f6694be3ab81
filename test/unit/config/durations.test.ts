import { expect, test } from "bun:test";
import { ConfigError, parseConfigText } from "../../../src/config/index.ts";

const options = { env: {}, baseDir: "/srv/proxy", source: "test.yaml" };
const minimal = "providers:\n  - { name: m, type: mock }\n";

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, options);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

test("a duration that drives a timer is at most 24 days, which setTimeout can hold", () => {
  const problems = problemsOf(
    `${minimal}timeouts: { request: 30d }\nqueue: { timeout: 99999999999999d }\n`,
  );
  expect(problems).toEqual([
    'queue.timeout: at most 24d (longer timers fire at once), got "99999999999999d"',
    'timeouts.request: at most 24d (longer timers fire at once), got "30d"',
  ]);
});

test("other durations are at most 36500 days, and bare seconds count too", () => {
  const problems = problemsOf(
    `${minimal}traces: { retention: 99999999999999d }\ncache: { ttl: 1e300 }\n`,
  );
  expect(problems).toEqual([
    "cache.ttl: at most 36500d (100 years), got 1e+300",
    'traces.retention: at most 36500d (100 years), got "99999999999999d"',
  ]);
});

test("the maximums themselves are accepted", () => {
  const config = parseConfigText(
    `${minimal}timeouts: { request: 24d }\ntraces: { retention: 36500d }\n`,
    options,
  );
  expect(config.timeouts.request).toBe(24 * 86_400_000);
  expect(config.traces.retention).toBe(36_500 * 86_400_000);
});
