// Upstream credentials through the whole proxy: key pools (rotation, benching, cooldown,
// failover), Flow JWTs verified by the upstream, generic JWTs, OAuth2 client credentials.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { buildCredentialPools } from "../../src/app.ts";
import { systemClock } from "../../src/shared/index.ts";
import { runCli } from "../support/cli.ts";
import {
  makeAppFromConfig,
  serveApp,
  startProxyWithCredentials,
  testConfig,
} from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readJson } from "../support/read-json.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });
const post = (base: string) => fetch(`${base}/chat/completions`, { method: "POST", body });
const bearerOf = (headers: Record<string, string>) =>
  (headers.authorization ?? "").replace(/^Bearer /, "");
const tempDir = () => mkdtempSync(join(tmpdir(), "llmp-credentials-"));

test("keys rotate round-robin; a 401 benches the key and the same request succeeds on the next", async () => {
  await using upstream = startMockUpstream();
  await using proxy = await startProxyWithCredentials({
    auth: { admin_key: "adm-key-for-credential-tests" },
    providers: [{ name: "pool", type: "openai", base_url: upstream.url, keys: ["k1", "k2", "k3"] }],
  });
  for (let i = 0; i < 6; i++) expect((await post(proxy.baseURL)).status).toBe(200);
  expect(upstream.requests.map((r) => bearerOf(r.headers))).toEqual([
    "k1",
    "k2",
    "k3",
    "k1",
    "k2",
    "k3",
  ]);

  upstream.enqueue(reply.status(401));
  const retried = await post(proxy.baseURL);
  expect(retried.status).toBe(200);
  expect(retried.headers.get("x-llm-proxy-attempts")).toBe("2");
  const sent = upstream.requests.slice(6).map((r) => bearerOf(r.headers));
  expect(sent).toEqual(["k1", "k2"]);
  for (let i = 0; i < 4; i++) await post(proxy.baseURL);
  expect(upstream.requests.slice(8).map((r) => bearerOf(r.headers))).not.toContain("k1");

  const admin = { authorization: "Bearer adm-key-for-credential-tests" };
  const state = await readJson<{ providers: { credentials: unknown[] }[] }>(
    await fetch(`${proxy.origin}/admin/providers`, { headers: admin }),
  );
  expect(JSON.stringify(state)).not.toContain('"k2"');
  expect(state.providers[0]?.credentials).toContainEqual(
    expect.objectContaining({ name: "key-1", state: "benched", failures: 1 }),
  );
  const reset = await fetch(`${proxy.origin}/admin/providers/pool/reset-credentials`, {
    method: "POST",
    headers: admin,
  });
  expect(reset.status).toBe(200);
  const before = upstream.requests.length;
  for (let i = 0; i < 3; i++) await post(proxy.baseURL);
  expect(
    upstream.requests
      .slice(before)
      .map((r) => bearerOf(r.headers))
      .sort(),
  ).toEqual(["k1", "k2", "k3"]);
});

test("a 429 cools a key down; with every key benched the provider is skipped for another", async () => {
  await using pooled = startMockUpstream();
  await using other = startMockUpstream();
  await using proxy = await startProxyWithCredentials({
    providers: [
      { name: "pool", type: "openai", base_url: pooled.url, keys: ["a1", "a2"] },
      { name: "other", type: "openai", base_url: other.url, api_key: "o1", fallback_only: true },
    ],
  });
  pooled.enqueue(reply.status(429, undefined, { "retry-after": "60" }));
  expect((await post(proxy.baseURL)).status).toBe(200);
  expect(pooled.requests.map((r) => bearerOf(r.headers))).toEqual(["a1", "a2"]);
  await post(proxy.baseURL);
  expect(bearerOf(pooled.requests[2]?.headers ?? {})).toBe("a2");

  pooled.enqueue(reply.status(401));
  const failedOver = await post(proxy.baseURL);
  expect(failedOver.status).toBe(200);
  expect(failedOver.headers.get("x-llm-proxy-provider")).toBe("other");
  const next = await post(proxy.baseURL);
  expect(next.headers.get("x-llm-proxy-provider")).toBe("other");
});

test("Flow: each request carries an HS256 JWT the upstream verifies with the set's secret", async () => {
  const secrets = [
    {
      name: "config1",
      agent: "simple_agent",
      appToAccess: "llm-api",
      clientId: "id-1",
      clientSecret: "secret-one-0123456789abcdef",
      tenant: "t1",
    },
    {
      name: "config2",
      agent: "simple_agent",
      appToAccess: "llm-api",
      clientId: "id-2",
      clientSecret: "secret-two-0123456789abcdef",
      tenant: "t2",
    },
  ];
  const dir = tempDir();
  const secretsFile = join(dir, "secrets.json");
  writeFileSync(secretsFile, JSON.stringify(secrets));
  const verified: Record<string, unknown>[] = [];
  await using upstream = startMockUpstream({
    defaultReply: async (_req, recorded) => {
      const token = bearerOf(recorded.headers);
      for (const set of secrets) {
        try {
          const { payload } = await jwtVerify(token, new TextEncoder().encode(set.clientSecret));
          verified.push(payload);
          return reply.openAIChat("ok")(_req, recorded);
        } catch {}
      }
      return reply.status(401)(_req, recorded);
    },
  });
  await using proxy = await startProxyWithCredentials({
    providers: [
      {
        name: "flow",
        type: "openai",
        base_url: upstream.url,
        auth: { type: "flow", secrets_file: secretsFile },
      },
    ],
  });
  for (let i = 0; i < 4; i++) expect((await post(proxy.baseURL)).status).toBe(200);
  expect(verified.map((payload) => payload.clientId)).toEqual(["id-1", "id-2", "id-1", "id-2"]);
  expect(verified[0]).toMatchObject({
    clientId: "id-1",
    clientSecret: "secret-one-0123456789abcdef",
    tenant: "t1",
  });
  expect(typeof verified[0]?.exp).toBe("number");
});

test("the pools a start checked are the ones it serves with: no credential file is read twice", async () => {
  const secret = "secret-one-0123456789abcdef";
  const entry = { agent: "a", appToAccess: "llm-api", clientId: "id-1", tenant: "t1" };
  const dir = tempDir();
  const secretsFile = join(dir, "secrets.json");
  writeFileSync(secretsFile, JSON.stringify([{ ...entry, name: "c1", clientSecret: secret }]));
  await using upstream = startMockUpstream({
    defaultReply: async (req, recorded) => {
      try {
        await jwtVerify(bearerOf(recorded.headers), new TextEncoder().encode(secret));
        return reply.openAIChat("ok")(req, recorded);
      } catch {
        return reply.status(401)(req, recorded);
      }
    },
  });
  const config = testConfig({
    server: { port: 0 },
    providers: [
      {
        name: "flow",
        type: "openai",
        base_url: upstream.url,
        auth: { type: "flow", secrets_file: secretsFile },
      },
    ],
  });
  const credentialPools = buildCredentialPools(
    config,
    { fetch, clock: systemClock },
    "test config",
  );
  // what a second read would find: a secret the upstream does not know
  writeFileSync(
    secretsFile,
    JSON.stringify([{ ...entry, name: "c1", clientSecret: "another-secret-0123456789ab" }]),
  );
  await using proxy = serveApp(makeAppFromConfig(config, { credentialPools }));
  expect((await post(proxy.baseURL)).status).toBe(200);
  expect(upstream.requests).toHaveLength(1);
});

test("a bad secrets file stops serve with the file, the entry and the field", async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, "secrets.json"),
    JSON.stringify([{ name: "c1", agent: "a", appToAccess: "x", clientId: "i", tenant: "t" }]),
  );
  writeFileSync(
    join(dir, "proxy.yaml"),
    "providers:\n  - name: flow\n    base_url: http://127.0.0.1:9/v1\n    auth: { type: flow, secrets_file: secrets.json }\n",
  );
  const result = await runCli(["serve", "-c", join(dir, "proxy.yaml"), "--port", "0"], {
    BUN_CONFIG_MAX_HTTP_REQUESTS: "256",
  });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(join(dir, "secrets.json"));
  expect(result.stderr).toContain("c1");
  expect(result.stderr).toContain("clientSecret");
});

test("generic JWT: RS256 tokens the upstream verifies with the public key", async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const dir = tempDir();
  const keyFile = join(dir, "key.pem");
  writeFileSync(keyFile, await exportPKCS8(privateKey));
  const verifyKey = await importSPKI(await exportSPKI(publicKey), "RS256");
  const claims: Record<string, unknown>[] = [];
  await using upstream = startMockUpstream({
    defaultReply: async (req, recorded) => {
      const { payload } = await jwtVerify(recorded.headers["x-upstream-token"] ?? "", verifyKey);
      claims.push(payload);
      return reply.openAIChat("ok")(req, recorded);
    },
  });
  await using proxy = await startProxyWithCredentials({
    providers: [
      {
        name: "signed",
        type: "openai",
        base_url: upstream.url,
        auth: {
          type: "jwt",
          algorithm: "RS256",
          private_key_file: keyFile,
          claims: { sub: "llm-proxy", aud: "upstream" },
          ttl: "10m",
          header: "x-upstream-token",
          scheme: "",
        },
      },
    ],
  });
  expect((await post(proxy.baseURL)).status).toBe(200);
  expect(claims[0]).toMatchObject({ sub: "llm-proxy", aud: "upstream" });
  expect((claims[0]?.exp as number) - (claims[0]?.iat as number)).toBe(600);
});

test("OAuth2: 100 concurrent requests cause exactly one token fetch", async () => {
  let fetches = 0;
  const forms: URLSearchParams[] = [];
  const tokenServer = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      fetches++;
      forms.push(new URLSearchParams(await req.text()));
      await Bun.sleep(30);
      return Response.json({
        access_token: `at-${fetches}`,
        expires_in: 3600,
        token_type: "Bearer",
      });
    },
  });
  try {
    await using upstream = startMockUpstream();
    await using proxy = await startProxyWithCredentials({
      providers: [
        {
          name: "oauth",
          type: "openai",
          base_url: upstream.url,
          auth: {
            type: "oauth2",
            token_url: `${tokenServer.url.origin}/token`,
            client_id: "cid",
            client_secret: "csecret",
            scope: "llm",
          },
        },
      ],
      queue: { max_concurrent: 200 },
    });
    const answers = await Promise.all(Array.from({ length: 100 }, () => post(proxy.baseURL)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(fetches).toBe(1);
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: "client_credentials",
      client_id: "cid",
      client_secret: "csecret",
      scope: "llm",
    });
    expect(new Set(upstream.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer at-1"]),
    );
  } finally {
    await tokenServer.stop(true);
  }
});
