import { afterEach, describe, expect, test } from "bun:test";
import { ProxyError } from "../../../src/shared/index.ts";
import { bearerOf, lease, poolFor } from "./pool-for.ts";

type TokenReply = () => Response | Promise<Response>;

/** A real token endpoint on a free port that records each form it receives. */
function startTokenServer(replies: TokenReply[] = []) {
  const forms: URLSearchParams[] = [];
  const contentTypes: string[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      contentTypes.push(req.headers.get("content-type") ?? "");
      forms.push(new URLSearchParams(await req.text()));
      const next = replies.shift();
      if (next) return next();
      // Holds the answer briefly so concurrent acquires really overlap.
      await Bun.sleep(20);
      return Response.json({ access_token: `at-${forms.length}`, expires_in: 3600 });
    },
  });
  servers.push(server);
  return { url: `${server.url.origin}/oauth/token`, forms, contentTypes };
}

const servers: Bun.Server<undefined>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop(true)));
});

const oauth2 = (tokenUrl: string, extra: Record<string, unknown> = {}) => ({
  auth: {
    type: "oauth2",
    token_url: tokenUrl,
    client_id: "cid",
    client_secret: "csecret-do-not-leak",
    ...extra,
  },
});

describe("OAuth2 client credentials", () => {
  test("100 concurrent acquires share one token fetch with the right form body", async () => {
    const tokens = startTokenServer();
    const { pool } = await poolFor(oauth2(tokens.url, { scope: "llm", audience: "api://up" }));
    const leases = await Promise.all(Array.from({ length: 100 }, () => lease(pool)));
    expect(tokens.forms).toHaveLength(1);
    expect(new Set(leases.map(bearerOf))).toEqual(new Set(["at-1"]));
    expect(leases[0]?.name).toBe("oauth2");
    expect(tokens.contentTypes[0]).toStartWith("application/x-www-form-urlencoded");
    expect(Object.fromEntries(tokens.forms[0] ?? [])).toEqual({
      grant_type: "client_credentials",
      client_id: "cid",
      client_secret: "csecret-do-not-leak",
      scope: "llm",
      audience: "api://up",
    });
  });

  test("keeps the token until shortly before expires_in, then fetches a new one", async () => {
    const tokens = startTokenServer();
    const { pool, clock } = await poolFor(oauth2(tokens.url));
    expect(bearerOf(await lease(pool))).toBe("at-1");
    clock.advance(3_539_999);
    expect(bearerOf(await lease(pool))).toBe("at-1");
    clock.advance(1);
    expect(bearerOf(await lease(pool))).toBe("at-2");
    expect(Object.fromEntries(tokens.forms[1] ?? [])).toEqual({
      grant_type: "client_credentials",
      client_id: "cid",
      client_secret: "csecret-do-not-leak",
    });
  });

  test("defaults expires_in to an hour and accepts it as a string", async () => {
    const tokens = startTokenServer([
      () => Response.json({ access_token: "no-expiry" }),
      () => Response.json({ access_token: "string-expiry", expires_in: "120" }),
    ]);
    const { pool, clock } = await poolFor(oauth2(tokens.url));
    expect(bearerOf(await lease(pool))).toBe("no-expiry");
    clock.advance(3_540_000);
    expect(bearerOf(await lease(pool))).toBe("string-expiry");
    // 10% of 120 s is 12 s, less than 60 s.
    clock.advance(107_999);
    expect(bearerOf(await lease(pool))).toBe("string-expiry");
    clock.advance(1);
    expect(bearerOf(await lease(pool))).toBe("at-3");
  });

  test("drops the token after a 401 without benching the credential", async () => {
    const tokens = startTokenServer();
    const { pool } = await poolFor(oauth2(tokens.url));
    const refused = await lease(pool);
    refused.report({ kind: "auth_failed" });
    expect(pool.hasUsable()).toBe(true);
    expect(bearerOf(await lease(pool))).toBe("at-2");
    expect(pool.snapshot()[0]).toMatchObject({ name: "oauth2", state: "ok", failures: 1 });
  });

  test.each([
    [
      "a 500",
      () => new Response("client_secret=csecret-do-not-leak", { status: 500 }),
      "status 500",
    ],
    ["a body that is not JSON", () => new Response("csecret-do-not-leak"), "invalid response"],
    [
      "JSON without access_token",
      () => Response.json({ error: "csecret-do-not-leak" }),
      "invalid response",
    ],
  ])(
    "throws a safe ProxyError for %s and retries on the next acquire",
    async (_, reply, reason) => {
      const tokens = startTokenServer([reply]);
      const { pool } = await poolFor(oauth2(`${tokens.url}?tenant=secret-query`));
      const error = await pool.acquire(new Set()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as ProxyError).code).toBe("upstream_error");
      expect((error as ProxyError).status).toBe(502);
      expect((error as ProxyError).message).toBe(
        `provider p: OAuth2 token request to ${tokens.url} failed: ${reason}`,
      );
      expect(JSON.stringify(error)).not.toContain("csecret");
      expect(bearerOf(await lease(pool))).toBe("at-2");
    },
  );

  test("reports a network error without the fetch error's text", async () => {
    const tokens = startTokenServer();
    await servers.splice(0)[0]?.stop(true);
    const { pool } = await poolFor(oauth2(tokens.url));
    const error = await pool.acquire(new Set()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).message).toBe(
      `provider p: OAuth2 token request to ${tokens.url} failed: network error`,
    );
    expect((error as ProxyError).cause).toBeUndefined();
  });
});
