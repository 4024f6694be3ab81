import { expect, test } from "bun:test";
import { ConfigError, parseConfigText } from "../../../src/config/index.ts";

const options = { env: { DB: "x.db" }, baseDir: "/srv/proxy", source: "test.yaml" };

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, options);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

test("one syntax error is one problem, with where it is and how to fix an unquoted ${VAR}", () => {
  const problems = problemsOf(
    "providers:\n  - { name: m, type: mock }\nstorage: { path: ${DB} }\nserver: { port: 1 }\n",
  );
  expect(problems).toEqual([
    'invalid YAML at line 3, column 19: Unexpected flow-map-start at node end (a ${VAR} inside { } or [ ] must be quoted; quote it: "${DB}")',
  ]);
});

test("other syntax errors get their line and column and no hint", () => {
  expect(problemsOf("a: 1\na: 2\n")).toEqual([
    "invalid YAML at line 2, column 1: Map keys must be unique",
  ]);
});

test("the quoted value loads", () => {
  const config = parseConfigText(
    'providers:\n  - { name: m, type: mock }\nstorage: { path: "${DB}" }\n',
    options,
  );
  expect(config.storage.path).toBe("/srv/proxy/x.db");
});
