// `serve --watch`: an edit of the config file, or of a credential file it names, reloads it
// (one reload per save, debounced); without --watch nothing is watched.

import { expect, test } from "bun:test";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const flowEntry = (secret: string) => [
  {
    name: "set1",
    agent: "a",
    appToAccess: "llm",
    clientId: "id-1",
    clientSecret: secret,
    tenant: "t",
  },
];

test("an edited config file and an edited secrets file are each reloaded once", async () => {
  await using upstream = startMockUpstream();
  const dir = mkdtempSync(join(tmpdir(), "llmp-watch-"));
  const secrets = join(dir, "secrets.json");
  writeFileSync(secrets, JSON.stringify(flowEntry("secret-one-0123456789")));
  const path = join(dir, "proxy.yaml");
  const yaml = (retries: number) =>
    `storage: { path: ./p.db }\nrouting: { retries: ${retries} }\nproviders:\n  - { name: flow, type: openai, base_url: "${upstream.url}", auth: { type: flow, secrets_file: secrets.json } }\n`;
  writeFileSync(path, yaml(2));
  await using proxy = await startServe(["-c", path, "--watch"]);
  await proxy.waitForStderr(/watching .*proxy\.yaml/);

  // an editor's save: write a new file and move it over the old one
  writeFileSync(join(dir, "proxy.yaml.tmp"), yaml(3));
  renameSync(join(dir, "proxy.yaml.tmp"), path);
  await proxy.waitForStderr(/config reloaded .*1 change/);

  writeFileSync(secrets, JSON.stringify(flowEntry("secret-two-0123456789")));
  await proxy.waitForStderr(/config reloaded[^\n]*\n[\s\S]*config reloaded/);
  const reloads = proxy.stderr().match(/config reloaded/g) ?? [];
  expect(reloads).toHaveLength(2);
}, 10_000);
