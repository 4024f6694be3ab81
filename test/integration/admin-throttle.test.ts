// Guessing the admin key: after 20 wrong keys in a minute an address gets 429 with retry-after
// (the right key too, until the window ends), other addresses are not affected, and the
// failures reach the log once per window with a count.

import { expect, test } from "bun:test";
import { startProxy } from "../support/make-app.ts";
import { manualClock } from "../support/manual-clock.ts";
import { readError } from "../support/read-json.ts";

const adminKey = "admin-key-for-throttle-tests";

function adminGet(origin: string, key: string, forwardedFor?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  return fetch(`${origin}/admin/providers`, { headers });
}

test("20 wrong keys from one address throttle it for the rest of the minute, logged once with a count", async () => {
  const clock = manualClock(Date.UTC(2026, 11, 1));
  await using proxy = startProxy(
    { auth: { admin_key: adminKey }, providers: [{ name: "m", type: "mock" }] },
    { clock },
  );
  for (let i = 0; i < 20; i++)
    expect((await adminGet(proxy.origin, `wrong-${i}`)).status).toBe(401);
  clock.advance(10_000);
  const throttled = await adminGet(proxy.origin, adminKey);
  expect(throttled.status).toBe(429);
  expect(throttled.headers.get("retry-after")).toBe("50");
  expect((await readError(throttled)).message).toContain("too many wrong admin keys");
  expect(
    (await fetch(`${proxy.origin}/config`, { headers: { authorization: `Bearer ${adminKey}` } }))
      .status,
  ).toBe(429);

  clock.advance(50_000);
  expect((await adminGet(proxy.origin, adminKey)).status).toBe(200);
  const warnings = proxy.app.logs.lines.filter((line) => line.includes("wrong admin key"));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("20 wrong admin key(s) from 127.0.0.1 in the last 60s");
  expect(proxy.app.logs.lines.join("\n")).not.toContain("wrong-1");
});

test("behind a trusted proxy the forwarded client is throttled, not the proxy", async () => {
  await using proxy = startProxy({
    server: { trusted_proxies: ["127.0.0.0/8"] },
    auth: { admin_key: adminKey },
    providers: [{ name: "m", type: "mock" }],
  });
  for (let i = 0; i < 20; i++) await adminGet(proxy.origin, "wrong", "203.0.113.7");
  expect((await adminGet(proxy.origin, adminKey, "203.0.113.7")).status).toBe(429);
  expect((await adminGet(proxy.origin, adminKey, "198.51.100.2")).status).toBe(200);
  // an untrusted hop cannot pick its own address: only the last untrusted one counts
  expect((await adminGet(proxy.origin, adminKey, "198.51.100.9, 203.0.113.7")).status).toBe(429);
});

test("without trusted proxies x-forwarded-for is ignored", async () => {
  await using proxy = startProxy({
    auth: { admin_key: adminKey },
    providers: [{ name: "m", type: "mock" }],
  });
  for (let i = 0; i < 20; i++) await adminGet(proxy.origin, "wrong", `198.51.100.${i}`);
  expect((await adminGet(proxy.origin, adminKey, "192.0.2.1")).status).toBe(429);
});
