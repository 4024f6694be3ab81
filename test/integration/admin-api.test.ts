// The admin API's paths and answers: malformed ids, unknown endpoints and methods, zod-checked
// bodies, PATCH /admin/tokens/ID, provider reset and /admin/stats, in process.

import { expect, test } from "bun:test";
import { makeApp } from "../support/make-app.ts";
import { readError } from "../support/read-json.ts";

const adminKey = "admin-key-for-admin-api-tests";

function adminApp() {
  return makeApp({
    auth: { mode: "tokens", admin_key: adminKey },
    providers: [{ name: "mock", type: "mock" }],
  });
}

const admin = (path: string, init: RequestInit = {}) =>
  new Request(`http://proxy.test/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
  });

test.each([
  ["GET", "/tokens/%ZZ"],
  ["DELETE", "/tokens/%E0%A4%A"],
  ["GET", "/projects/%ZZ"],
  ["GET", "/traces/%ZZ"],
  ["POST", "/providers/%ZZ/reset-credentials"],
])("%s /admin%s with a malformed percent-escape answers 400, not 500", async (method, path) => {
  const app = adminApp();
  try {
    const response = await app.fetch(admin(path, { method }));
    expect(response.status).toBe(400);
    expect((await readError(response)).message).toContain("percent-escape");
    expect(app.logs.errors()).toEqual([]);
  } finally {
    await app.close();
  }
});

test("an unknown admin path is 404; a known one with another method is 405 with allow", async () => {
  const app = adminApp();
  try {
    const unknown = await app.fetch(admin("/nothing-here"));
    expect(unknown.status).toBe(404);
    expect((await readError(unknown)).message).toBe(
      "unknown admin endpoint GET /admin/nothing-here",
    );
    const wrongMethod = await app.fetch(admin("/tokens", { method: "PUT" }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
  } finally {
    await app.close();
  }
});

test.each([
  ["/tokens", "POST", "[1]", "expected a JSON object body"],
  ["/tokens", "POST", "{", "expected a JSON object body"],
  ["/tokens", "POST", "{}", "body.project: expected a non-empty string"],
  ["/tokens", "POST", '{"project":"p","tpm":1.5}', "body.tpm: expected a positive integer"],
  [
    "/tokens",
    "POST",
    '{"project":"p","models":"gpt-*"}',
    "body.models: expected an array of model globs",
  ],
  [
    "/tokens",
    "POST",
    '{"project":"p","models":["a",""]}',
    "body.models.1: expected a non-empty model glob",
  ],
  ["/tokens", "POST", '{"project":"p","rmp":5}', "body.rmp: unknown field"],
  ["/projects", "POST", '{"name":""}', "body.name: expected a non-empty string"],
  ["/projects/web", "PATCH", '{"active":"no"}', "body.active: expected true or false"],
])("%s %s %s is refused with: %s", async (path, method, body, message) => {
  const app = adminApp();
  try {
    const response = await app.fetch(admin(path, { method, body }));
    expect(response.status).toBe(400);
    expect((await readError(response)).message).toBe(message);
  } finally {
    await app.close();
  }
});

test("/ui/ is served only when an admin key is set", async () => {
  const withKey = adminApp();
  const without = makeApp({ auth: { mode: "none" }, providers: [{ name: "m", type: "mock" }] });
  try {
    expect((await withKey.fetch(new Request("http://proxy.test/ui/"))).status).toBe(200);
    expect((await without.fetch(new Request("http://proxy.test/ui/"))).status).toBe(404);
    expect((await without.fetch(new Request("http://proxy.test/ui/favicon.svg"))).status).toBe(404);
  } finally {
    await withKey.close();
    await without.close();
  }
});

test("GET and PATCH of an unknown token answer 404 naming it", async () => {
  const app = adminApp();
  try {
    for (const init of [
      { method: "GET" },
      { method: "PATCH", body: JSON.stringify({ name: "x" }) },
    ]) {
      const response = await app.fetch(admin("/tokens/tok_nope", init));
      expect(response.status).toBe(404);
      expect((await readError(response)).message).toBe('no token "tok_nope"');
    }
  } finally {
    await app.close();
  }
});
