// The admin dashboard in a real browser (Debian Chromium + puppeteer-core) against a real proxy:
// sign-in, every view within 6 requests, a token created, used and revoked, a trace holding
// markup shown as text, and no console error or CSP violation anywhere. Screenshots of each view
// go to artifacts/ui/.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/index.ts";
import {
  launchChromium,
  type TestBrowser,
  type WatchedPage,
  watchedPage,
} from "../support/browser.ts";
import { startProxyWithCredentials, type TestProxy } from "../support/make-app.ts";
import { type ManualClock, manualClock } from "../support/manual-clock.ts";
import { type MockUpstream, startMockUpstream } from "../support/mock-upstream.ts";
import { seedDayOfUsage } from "../support/store-rows.ts";
import { untilAdmin } from "../support/until-admin.ts";

const adminKey = "admin-key-for-the-browser-test";
const artifacts = join(import.meta.dir, "../../artifacts/ui");
const markup = `<script>window.xssRan = 1</script><img src="x-missing.png" onerror="window.xssRan = 2">`;

let store: Store;
let clock: ManualClock;
let upstream: MockUpstream;
let proxy: TestProxy;
let chromium: TestBrowser;
let ui: WatchedPage;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  store = openStore(":memory:");
  clock = manualClock();
  seedDayOfUsage(store, clock.now());
  upstream = startMockUpstream();
  proxy = await startProxyWithCredentials(
    {
      auth: { mode: "tokens", admin_key: adminKey },
      providers: [
        { name: "mock", type: "mock" },
        {
          name: "backup",
          type: "openai",
          base_url: upstream.url,
          keys: ["sk-a", "sk-b"],
          fallback_only: true,
        },
      ],
      routing: { health_check: { enabled: false } },
    },
    { store, clock },
  );
  chromium = await launchChromium();
  ui = await watchedPage(chromium.browser, proxy.origin);
  ui.page.on("dialog", (dialog) => void dialog.accept());
}, 20_000);

afterAll(async () => {
  await chromium?.close();
  await proxy?.[Symbol.asyncDispose]();
  await upstream?.stop();
  await store?.close();
});

test("a wrong admin key is refused; the right one opens the overview with charts", async () => {
  const { page } = ui;
  await page.goto(`${proxy.origin}/ui/`, { waitUntil: "load" });
  await page.waitForSelector("input[name=admin-key]");
  await page.screenshot({ path: join(artifacts, "sign-in.png") });
  await ui.allowing(/status of 401/, async () => {
    await page.type("input[name=admin-key]", "not-the-key");
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=alert]");
  });
  expect(await ui.text(".sign-in [role=alert]")).toContain("That key was refused");
  await ui.retype("input[name=admin-key]", adminKey);
  ui.resetRequests();
  await page.click("button[type=submit]");
  await ui.settle(".chart canvas");
  expect(await page.$$eval(".chart canvas", (canvases) => canvases.length)).toBeGreaterThanOrEqual(
    4,
  );
  expect(ui.requests.length).toBeLessThanOrEqual(6);
  expect(await page.evaluate("sessionStorage.length")).toBe(1);
  expect(await page.evaluate("document.cookie")).toBe("");
  await page.screenshot({ path: join(artifacts, "overview.png") });
});

test("Providers shows each provider's live state and credentials", async () => {
  await ui.showView("providers", "[data-provider=backup]");
  const providers = await ui.text(".provider-grid");
  expect(providers).toContain("mock");
  expect(providers).toContain("key-1");
  expect(providers).toContain("available");
  await ui.page.screenshot({ path: join(artifacts, "providers.png"), fullPage: true });
});

test("a token created in the UI works against the proxy until it is revoked there", async () => {
  const { page } = ui;
  await ui.showView("projects", "#new-token-title");
  await ui.retype("input[name=project]", "browser-test");
  await page.type("input[name=name]", "e2e");
  await page.type("input[name=rpm]", "100");
  await page.click(".token-form button[type=submit]");
  await page.waitForSelector(".notice-secret input.secret");
  const secret = await page.$eval(
    ".notice-secret input.secret",
    (input) => (input as unknown as { value: string }).value,
  );
  expect(secret).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
  await page.waitForSelector("[data-project=browser-test]");
  await page.screenshot({ path: join(artifacts, "projects.png"), fullPage: true });

  const plain = await chat(secret, false);
  expect(plain.status).toBe(200);
  const streamed = await chat(secret, true);
  expect(await streamed.text()).toContain("window.xssRan");

  await page.click("button.danger");
  await page.waitForSelector("tr[data-token] .badge-bad ::-p-text(revoked)");
  clock.advance(2_001); // the proxy trusts its token cache for 2 s
  expect((await chat(secret, false)).status).toBe(401);
});

test("Usage groups what was used and offers a CSV export", async () => {
  await untilAdmin(proxy.origin, adminKey, "/usage?by=project", (body) =>
    body.includes("browser-test"),
  );
  await ui.showView("usage", ".table tbody tr");
  expect(await ui.text(".table")).toContain("browser-test");
  await ui.page.click("button[data-value=model]");
  await ui.page.waitForSelector(".table ::-p-text(gpt-4o-mini)");
  await ui.page.click("button.export-csv");
  await ui.page.screenshot({ path: join(artifacts, "usage.png"), fullPage: true });
});

test("a trace whose prompt holds <script> and <img onerror> is shown as text and runs nothing", async () => {
  const { page } = ui;
  const traced = (body: string) => body.split('"trc_').length > 3;
  await untilAdmin(proxy.origin, adminKey, "/traces", traced);
  await ui.showView("traces", "tr[data-trace]");
  await page.click(".filter-bar button[data-value=ok]");
  await page.waitForFunction('!document.querySelector("tr[data-trace] .badge-bad")');
  await page.click("tr[data-trace]");
  await page.waitForSelector(".trace-detail [data-part=response-text]");
  const shown = await ui.text(".trace-detail");
  expect(shown).toContain(markup);
  expect(await ui.text(".trace-detail [data-part=response-text]")).toContain("<script>");
  expect(
    await page.$$eval(".trace-detail script, .trace-detail img", (found) => found.length),
  ).toBe(0);
  expect(await page.evaluate("window.xssRan")).toBeUndefined();
  expect(ui.requests.some((url) => url.includes("x-missing.png"))).toBe(false);
  await page.screenshot({ path: join(artifacts, "traces.png"), fullPage: true });
});

test("the audit log lists what the UI did; dark mode renders; nothing logged an error", async () => {
  await ui.showView("audit", ".table tbody tr");
  const audit = await ui.text(".table");
  for (const action of ["token.create", "token.revoke", "project.create"])
    expect(audit).toContain(action);
  await ui.page.screenshot({ path: join(artifacts, "audit.png"), fullPage: true });
  await ui.page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await ui.showView("overview", ".chart canvas");
  await ui.page.screenshot({ path: join(artifacts, "overview-dark.png") });
  expect(await ui.cspViolations()).toEqual([]);
  expect(ui.problems).toEqual([]);
  expect(proxy.app.logs.errors()).toEqual([]);
});

// --- internal ---

function chat(token: string, stream: boolean): Promise<Response> {
  return fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "mock-echo",
      stream,
      messages: [{ role: "user", content: markup }],
    }),
  });
}
