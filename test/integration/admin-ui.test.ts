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
  seedUsage(store, clock.now());
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
  ui = await watchedPage(chromium.browser);
  ui.page.on("dialog", (dialog) => void dialog.accept());
}, 20_000);

afterAll(async () => {
  await chromium?.close();
  await proxy?.[Symbol.asyncDispose]();
  await upstream?.stop();
  store?.close();
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
  expect(await text(".sign-in [role=alert]")).toContain("That key was refused");
  await retype("input[name=admin-key]", adminKey);
  ui.resetRequests();
  await page.click("button[type=submit]");
  await settle(".chart canvas");
  expect(await page.$$eval(".chart canvas", (canvases) => canvases.length)).toBeGreaterThanOrEqual(
    4,
  );
  expect(adminRequests().length).toBeLessThanOrEqual(6);
  expect(await page.evaluate("sessionStorage.length")).toBe(1);
  expect(await page.evaluate("document.cookie")).toBe("");
  await page.screenshot({ path: join(artifacts, "overview.png") });
});

test("Providers shows each provider's live state and credentials", async () => {
  await showView("providers", "[data-provider=backup]");
  const providers = await text(".provider-grid");
  expect(providers).toContain("mock");
  expect(providers).toContain("key-1");
  expect(providers).toContain("available");
  await ui.page.screenshot({ path: join(artifacts, "providers.png"), fullPage: true });
});

test("a token created in the UI works against the proxy until it is revoked there", async () => {
  const { page } = ui;
  await showView("projects", "#new-token-title");
  await retype("input[name=project]", "browser-test");
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
  await untilAdmin("/usage?by=project", (body) => body.includes("browser-test"));
  await showView("usage", ".table tbody tr");
  expect(await text(".table")).toContain("browser-test");
  await ui.page.click("button[data-value=model]");
  await ui.page.waitForSelector(".table ::-p-text(gpt-4o-mini)");
  await ui.page.click("button.export-csv");
  await ui.page.screenshot({ path: join(artifacts, "usage.png"), fullPage: true });
});

test("a trace whose prompt holds <script> and <img onerror> is shown as text and runs nothing", async () => {
  const { page } = ui;
  await untilAdmin(
    "/traces",
    (body) => (JSON.parse(body) as { traces: unknown[] }).traces.length >= 3,
  );
  await showView("traces", "tr[data-trace]");
  await page.click(".filter-bar button[data-value=ok]");
  await page.waitForFunction('!document.querySelector("tr[data-trace] .badge-bad")');
  await page.click("tr[data-trace]");
  await page.waitForSelector(".trace-detail [data-part=response-text]");
  const shown = await text(".trace-detail");
  expect(shown).toContain(markup);
  expect(await text(".trace-detail [data-part=response-text]")).toContain("<script>");
  expect(
    await page.$$eval(".trace-detail script, .trace-detail img", (found) => found.length),
  ).toBe(0);
  expect(await page.evaluate("window.xssRan")).toBeUndefined();
  expect(ui.requests.some((url) => url.includes("x-missing.png"))).toBe(false);
  await page.screenshot({ path: join(artifacts, "traces.png"), fullPage: true });
});

test("the audit log lists what the UI did; dark mode renders; nothing logged an error", async () => {
  await showView("audit", ".table tbody tr");
  const audit = await text(".table");
  for (const action of ["token.create", "token.revoke", "project.create"])
    expect(audit).toContain(action);
  await ui.page.screenshot({ path: join(artifacts, "audit.png"), fullPage: true });
  await ui.page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await showView("overview", ".chart canvas");
  await ui.page.screenshot({ path: join(artifacts, "overview-dark.png") });
  expect(await ui.cspViolations()).toEqual([]);
  expect(ui.problems).toEqual([]);
  expect(proxy.app.logs.errors()).toEqual([]);
});

// --- internal ---

/** Opens a view from the navigation and waits until it has loaded; at most 6 requests. */
async function showView(path: string, ready: string): Promise<void> {
  ui.resetRequests();
  await ui.page.click(`nav a[href="#/${path}"]`);
  await settle(ready);
  const made = adminRequests();
  if (made.length > 6)
    throw new Error(`#/${path} made ${made.length} requests: ${made.join(", ")}`);
}

/** Replaces an input's text the way a person would: select all, type over it. */
async function retype(selector: string, value: string): Promise<void> {
  await ui.page.click(selector, { count: 3 });
  await ui.page.keyboard.press("Backspace");
  await ui.page.type(selector, value);
}

async function settle(selector: string): Promise<void> {
  await ui.page.waitForSelector(selector);
  await ui.page.waitForNetworkIdle({ idleTime: 150 });
}

function adminRequests(): string[] {
  return ui.requests.filter((url) => url.startsWith(proxy.origin));
}

async function text(selector: string): Promise<string> {
  return ui.page.$eval(selector, (element) => element.textContent ?? "");
}

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

/** Usage and traces are written in batches off the request path: poll the admin API for them. */
async function untilAdmin(path: string, done: (body: string) => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`${proxy.origin}/admin${path}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    if (done(await answer.text())) return;
    await Bun.sleep(50);
  }
  throw new Error(`GET /admin${path} did not show the expected rows within 5 s`);
}

/** A day of earlier traffic (priced, with a few errors), so the overview's charts have a shape. */
function seedUsage(target: Store, now: number): void {
  const insert = target.db.query<
    null,
    [number, string, string, number, number, number, string | null, number]
  >(
    `insert into usage_records (at, request_id, project, provider, model, status, attempts, total_ms,
       input_tokens, output_tokens, error_class, cost_usd)
     values (?1, ?2, 'default', 'mock', ?3, 200, 1, ?4, ?5, ?6, ?7, ?8)`,
  );
  target.db.transaction(() => {
    for (let minute = 0; minute < 1_440; minute++) {
      const wave = 1 + Math.sin(minute / 90);
      for (let i = 0; i < 1 + Math.round(wave * 2); i++) {
        const input = Math.round(300 * wave) + ((minute * 7 + i) % 120);
        const output = Math.round(90 * wave) + (i % 30);
        insert.run(
          now - 86_400_000 + minute * 60_000 + i * 1_000,
          `seed-${minute}-${i}`,
          i % 2 === 0 ? "gpt-4o-mini" : "mock-echo",
          250 + wave * 350 + ((minute + i) % 9) * 45,
          input,
          output,
          (minute + i) % 41 === 0 ? "upstream_error" : null,
          (input * 0.15 + output * 0.6) / 1_000_000,
        );
      }
    }
  })();
}
