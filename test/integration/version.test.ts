// `llm-proxy version` from a checkout: the package version, and no build facts (nothing injected).

import { expect, test } from "bun:test";
import packageJson from "../../package.json";
import { runCli } from "../support/cli.ts";

const hostPlatform = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

test("version prints the package version alone on stdout", async () => {
  const result = await runCli(["version"]);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe(`${packageJson.version}\n`);
});

test("version --json from a checkout has null commit and built_at, the platform and bun", async () => {
  const result = await runCli(["version", "--json"]);
  expect(result.exitCode).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    version: packageJson.version,
    commit: null,
    built_at: null,
    platform: hostPlatform,
    bun: Bun.version,
  });
});

test("version rejects an unknown option with exit 1", async () => {
  const result = await runCli(["version", "--jsn"]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("unknown option --jsn");
});
