// `config validate` runs exactly the checks a start runs (credential files included) and
// reports a YAML syntax error once, where it is, with a hint.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "llmp-validate-"));

/** A Flow provider whose entry lacks clientSecret, and a JWT provider whose key file is missing. */
function badCredentialsConfig(): { path: string; dir: string } {
  const dir = tempDir();
  writeFileSync(
    join(dir, "secrets.json"),
    JSON.stringify([{ name: "c1", agent: "a", appToAccess: "x", clientId: "i", tenant: "t" }]),
  );
  const path = join(dir, "proxy.yaml");
  writeFileSync(
    path,
    `providers:
  - name: flow
    base_url: http://127.0.0.1:9/v1
    auth: { type: flow, secrets_file: secrets.json }
  - name: signed
    base_url: http://127.0.0.1:9/v1
    auth: { type: jwt, algorithm: RS256, private_key_file: keys/missing.pem }
`,
  );
  return { path, dir };
}

test("config validate reports every credential problem a start would hit, with its path", async () => {
  const { path, dir } = badCredentialsConfig();
  const result = await runCli(["config", "validate", "-c", path]);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(`${path}: 2 problems`);
  expect(result.stderr).toContain(
    `providers[0].auth.secrets_file: ${join(dir, "secrets.json")}: entry 0 ("c1"): clientSecret: expected a non-empty string`,
  );
  expect(result.stderr).toContain(
    `providers[1].auth.private_key_file: ${join(dir, "keys/missing.pem")}: file not found`,
  );
});

test("serve refuses the same config with the same problems", async () => {
  const { path } = badCredentialsConfig();
  const validate = await runCli(["config", "validate", "-c", path]);
  const serve = await runCli(["serve", "-c", path, "--port", "0"], {
    BUN_CONFIG_MAX_HTTP_REQUESTS: "256",
  });
  expect(validate.exitCode).toBe(1);
  expect(serve.exitCode).toBe(1);
  expect(serve.stderr).toContain(validate.stderr.trim());
});

test("an unquoted ${VAR} in a flow map is one problem with its line, column and a hint", async () => {
  const path = join(tempDir(), "proxy.yaml");
  writeFileSync(
    path,
    "providers:\n  - { name: m, type: mock }\nstorage: { path: ${DB} }\nserver: { port: 1 }\n",
  );
  const result = await runCli(["config", "validate", "-c", path], { DB: "x.db" });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`${path}: 1 problem\n`);
  expect(result.stderr).toContain("line 3, column 19");
  expect(result.stderr).toContain('quote it: "${DB}"');
});
