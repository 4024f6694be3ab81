// GET /ui/: embedded files with the security headers, only with an admin key.

import { expect, test } from "bun:test";
import { createUiRoute } from "../../../src/server/ui-route.ts";
import { isProxyError } from "../../../src/shared/index.ts";
import { uiFiles } from "../../../src/ui/index.ts";

const get = (path: string, method = "GET") => new Request(`http://proxy.test${path}`, { method });

test("/ui/ is the page, with a CSP that allows no inline script or style, no framing, no referrer", async () => {
  const route = createUiRoute("key");
  const page = route(get("/ui/"), "/ui/");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toBe("text/html;charset=utf-8");
  expect(page.headers.get("content-security-policy")).toStartWith("default-src 'self';");
  expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
  expect(page.headers.get("x-frame-options")).toBe("DENY");
  expect(page.headers.get("referrer-policy")).toBe("no-referrer");
  expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  const html = await page.text();
  expect(html).not.toMatch(/<script>|<style>|style=/);
  for (const [name] of uiFiles) if (name !== "index.html") expect(html).toContain(`/ui/${name}`);
});

test("hashed assets are immutable; unknown files are 404 with the same headers", () => {
  const route = createUiRoute("key");
  const script = [...uiFiles.keys()].find((name) => name.endsWith(".js")) ?? "";
  const asset = route(get(`/ui/${script}`), `/ui/${script}`);
  expect(asset.headers.get("cache-control")).toContain("immutable");
  expect(asset.headers.get("content-type")).toStartWith("text/javascript");
  const icon = route(get("/ui/favicon.svg"), "/ui/favicon.svg");
  expect(icon.headers.get("content-type")).toBe("image/svg+xml");
  const missing = route(get("/ui/../config"), "/ui/nothing.js");
  expect(missing.status).toBe(404);
  expect(missing.headers.get("x-frame-options")).toBe("DENY");
});

test("/ui redirects to /ui/; other methods than GET and HEAD are refused", () => {
  const route = createUiRoute("key");
  expect(route(get("/ui"), "/ui").headers.get("location")).toBe("/ui/");
  expect(route(get("/ui/", "POST"), "/ui/").status).toBe(405);
  expect(route(get("/ui/", "HEAD"), "/ui/").status).toBe(200);
});

test("without an admin key /ui/ does not exist", () => {
  const route = createUiRoute("");
  let thrown: unknown;
  try {
    route(get("/ui/"), "/ui/");
  } catch (error: unknown) {
    thrown = error;
  }
  expect(isProxyError(thrown) && thrown.status).toBe(404);
});
