// The admin dashboard in a real browser (Debian Chromium + puppeteer-core) against a real proxy:
// sign-in, every view within 6 requests, a token created, used and revoked, budgets set on a
// project and a token, usage with its cost and CSV export, a config reload and its answers, a
// trace holding markup shown as text, and no console error or CSP violation anywhere.
// Screenshots of each view go to artifacts/ui/.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  launchChromium,
  type TestBrowser,
  type WatchedPage,
  watchedPage,
} from "../support/browser.ts";
import { startProxy } from "../support/make-app.ts";
import { startUiProxy, type UiProxy } from "../support/ui-proxy.ts";
import { untilAdmin } from "../support/until-admin.ts";

const adminKey = "admin-key-for-the-browser-test";
const artifacts = join(import.meta.dir, "../../artifacts/ui");
const markup = `<script>window.xssRan = 1</script><img src="x-missing.png" onerror="window.xssRan = 2">`;

type BudgetRow = {
  scope: string;
  name: string;
  budget_usd: number;
  period: string;
  spent_usd: number;
};

let proxy: UiProxy;
let chromium: TestBrowser;
let ui: WatchedPage;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  proxy = await startUiProxy(adminKey);
  chromium = await launchChromium();
  ui = await watchedPage(chromium.browser, proxy.proxy.origin);
  ui.page.on("dialog", (dialog) => void dialog.accept());
}, 20_000);

afterAll(async () => {
  await chromium?.close();
  await proxy?.close();
});

test("a wrong admin key is refused; the right one opens the overview with charts", async () => {
  const { page } = ui;
  await page.goto(`${proxy.proxy.origin}/ui/`, { waitUntil: "load" });
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
  expect(await page.$$eval(".chart canvas", (found) => found.length)).toBeGreaterThanOrEqual(4);
  expect(ui.requests.length).toBeLessThanOrEqual(6);
  expect(await ui.text("[data-part=config-version]")).toMatch(/config \w+\s*loaded/);
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
  const secret = await createToken();
  await page.waitForSelector("[data-project=browser-test]");

  expect((await proxy.chat(secret, { model: "mock-echo", content: markup })).status).toBe(200);
  const streamed = await proxy.chat(secret, { model: "mock-echo", stream: true, content: markup });
  expect(await streamed.text()).toContain("window.xssRan");

  await page.click("button.danger");
  await ui.waitForText("tr[data-token] .badge-bad", "revoked");
  proxy.clock.advance(2_001); // the proxy trusts its token cache for 2 s
  expect((await proxy.chat(secret, { model: "mock-echo", content: "hi" })).status).toBe(401);
});

test("budgets set in the UI on a project and a token show their spend in the lists and the API", async () => {
  const { page } = ui;
  await ui.retype("input[name=name]", "budgeted");
  await page.type(".token-form input[name=budget_usd]", "5");
  await page.select(".token-form select[name=budget_period]", "1d");
  const secret = await createToken();
  const { tokens } = await proxy.admin<{ tokens: { id: string; name: string }[] }>("/tokens");
  const row = `tr[data-token="${tokens.find((token) => token.name === "budgeted")?.id}"]`;
  await ui.waitForText(`${row} .budget-amount`, "$5.00 per day");

  await page.click(`${row} button.edit`);
  await page.waitForSelector("tr.editing input[name=budget_usd]");
  await ui.retype("tr.editing input[name=budget_usd]", "2.5");
  await page.select("tr.editing select[name=budget_period]", "7d");
  await page.click("tr.editing button[type=submit]");
  await ui.waitForText(`${row} .budget-amount`, "$2.50 per 7 days");

  const project = "li[data-project=browser-test]";
  await page.click(`${project} button.budget-edit`);
  await page.waitForSelector(`${project} input[name=budget_usd]`);
  await page.type(`${project} input[name=budget_usd]`, "25");
  await page.select(`${project} select[name=budget_period]`, "month");
  await page.click(`${project} .budget-editor button[type=submit]`);
  await ui.waitForText(`${project} .budget-amount`, "$25.00 per month");

  const priced = await proxy.chat(secret, { model: "gpt-4o-mini", content: "what does it cost?" });
  expect(priced.status).toBe(200);
  expect(priced.headers.get("x-llm-proxy-budget-remaining-usd")).not.toBeNull();
  await untilAdmin(proxy.proxy.origin, adminKey, "/budgets", (body) =>
    (JSON.parse(body) as BudgetRow[]).every((budget) => budget.spent_usd > 0),
  );
  const budgets = await proxy.admin<BudgetRow[]>("/budgets");
  expect(budgets.map(({ scope, budget_usd, period }) => ({ scope, budget_usd, period }))).toEqual(
    expect.arrayContaining([
      { scope: "project", budget_usd: 25, period: "month" },
      { scope: "token", budget_usd: 2.5, period: "7d" },
    ]),
  );
  await page.click(".page-actions button.refresh");
  await ui.waitForText(`${row} [data-part=budget-use]`, "$0.0"); // spent, after the refresh
  expect(await ui.text(`${row} [data-part=budget-use]`)).toMatch(/\$0\.0\d+ spent · \$0 reserved/);
  expect(await ui.text(`${project} [data-part=budget-use]`)).toContain("resets in");
  await page.screenshot({ path: join(artifacts, "projects.png"), fullPage: true });

  await page.click(`${row} button.edit`);
  await page.waitForSelector("tr.editing input[name=budget_usd]");
  await ui.retype("tr.editing input[name=budget_usd]", "");
  await page.click("tr.editing button[type=submit]");
  await ui.waitForText(`${row} .budget-cell`, "no budget");
  expect((await proxy.admin<BudgetRow[]>("/budgets")).map((budget) => budget.scope)).toEqual([
    "project",
  ]);
});

test("Usage shows each group's cost and unpriced requests, and exports them as CSV", async () => {
  const { page } = ui;
  await untilAdmin(proxy.proxy.origin, adminKey, "/usage?by=project", (body) =>
    /"project":"browser-test"[^}]*"cost_usd":\d/.test(body),
  );
  await ui.showView("usage", ".usage-table tbody tr");
  const rows = await page.$$eval(".usage-table tbody tr", (found) =>
    found.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")),
  );
  const browserTest = rows.find((cells) => cells[0] === "browser-test") ?? [];
  expect(browserTest[6]).toMatch(/^\$0\.0\d+$/);
  expect(Number(browserTest[7])).toBeGreaterThan(0); // the mock-echo requests have no price
  expect(await ui.text(".table-note")).toContain("without a known price");
  await page.click("button[data-value=model]");
  await ui.waitForText(".usage-table tbody", "gpt-4o-mini");
  await page.click("button.export-csv");
  const csv = await chromium.downloaded("llm-proxy-usage-by-model-24h.csv");
  const [header, ...lines] = csv.trim().split("\r\n");
  expect(header).toBe(
    "model,requests,input_tokens,output_tokens,errors,cost_usd,unpriced_requests",
  );
  expect(lines.find((line) => line.startsWith("gpt-4o-mini,"))).toMatch(/,0\.\d+,0$/);
  await page.screenshot({ path: join(artifacts, "usage.png"), fullPage: true });
});

test("Reload config shows the changes, what needs a restart, and a refused reload's problems", async () => {
  const { page } = ui;
  const before = await ui.text("[data-part=config-version]");
  const routing = { health_check: { enabled: false }, retries: 5 };
  proxy.reloadTo({ ...proxy.raw, server: { port: 18_080 }, routing });
  await page.click("button.reload-config");
  await page.waitForSelector(".reload-answer[data-outcome=reloaded]");
  const answer = await ui.text(".reload-answer");
  expect(answer).toContain("Applied: routing.retries");
  expect(answer).toContain("Needs a restart (not applied): server.port");
  const version = await ui.text(".reload-answer strong code");
  expect(before).not.toContain(version);
  const shown = `document.querySelector("[data-part=config-version] code")?.textContent`;
  await page.waitForFunction(`${shown} === ${JSON.stringify(version)}`); // GET /config again
  await page.screenshot({ path: join(artifacts, "reload.png") });

  proxy.reloadTo({ ...proxy.raw, server: { port: 0 }, routing: { retries: -1 } });
  await ui.allowing(/status of 400/, async () => {
    await page.click("button.reload-config");
    await page.waitForSelector(".reload-answer[data-outcome=refused]");
  });
  expect(await ui.text(".reload-answer")).toMatch(/Reload refused.*routing\.retries: Too small/s);
  await page.screenshot({ path: join(artifacts, "reload-refused.png") });
  await page.click(".reload-answer .dismiss");
  expect(await page.$(".reload-answer")).toBeNull();
});

test("a trace whose prompt holds <script> and <img onerror> is shown as text and runs nothing", async () => {
  const { page } = ui;
  const traced = (body: string) => body.split('"trc_').length > 3;
  await untilAdmin(proxy.proxy.origin, adminKey, "/traces", traced);
  await ui.showView("traces", "tr[data-trace]");
  await page.click(".filter-bar button[data-value=ok]");
  await page.waitForFunction('!document.querySelector("tr[data-trace] .badge-bad")');
  await ui.retype(".filter-bar input[name=model]", "mock-echo"); // not the budgeted gpt-4o-mini one
  await page.click(".filter-bar button[type=submit]");
  await page.waitForFunction(
    '[...document.querySelectorAll("tr[data-trace] td:nth-child(4)")].every((cell) => cell.textContent === "mock-echo")',
  );
  await page.click("tr[data-trace]"); // the newest: the streamed request
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
  for (const action of ["token.create", "token.revoke", "project.create", "project.budget"])
    expect(audit).toContain(action);
  for (const action of ["token.budget", "config.reload", "config.reload_failed"])
    expect(audit).toContain(action);
  await ui.page.screenshot({ path: join(artifacts, "audit.png"), fullPage: true });
  await ui.page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await ui.showView("overview", ".chart canvas");
  await ui.page.screenshot({ path: join(artifacts, "overview-dark.png") });
  expect(await ui.cspViolations()).toEqual([]);
  expect(ui.problems).toEqual([]);
  // the refused reload logs its summary and its one problem at error level, as it should
  const refusal = /reload refused \(admin\)|routing\.retries: Too small/;
  const errors = proxy.proxy.app.logs.errors();
  expect(errors.filter((line) => refusal.test(line))).toHaveLength(2);
  expect(errors.filter((line) => !refusal.test(line))).toEqual([]);
});

test("a proxy not started from a config file answers Reload with nothing to reload", async () => {
  await using bare = startProxy({
    auth: { admin_key: adminKey },
    providers: [{ name: "mock", type: "mock" }],
  });
  const other = await watchedPage(chromium.browser, bare.origin);
  await other.page.goto(`${bare.origin}/ui/`, { waitUntil: "load" });
  await other.page.type("input[name=admin-key]", adminKey);
  await other.page.click("button[type=submit]");
  await other.settle(".cards"); // the overview has loaded: nothing moves under the click
  await other.allowing(/status of 409/, async () => {
    await other.page.click("button.reload-config");
    await other.page.waitForSelector(".reload-answer[data-outcome=no_file]");
  });
  expect(await other.text(".reload-answer")).toContain("not started from a config file");
  expect(await other.cspViolations()).toEqual([]);
  expect(other.problems).toEqual([]);
  await other.page.close();
});

// --- internal ---

/** Submits the new-token form (its fields filled in) and returns the secret it shows once. */
async function createToken(): Promise<string> {
  const shown = ".notice-secret input.secret";
  const value = (input: unknown) => (input as { value: string }).value;
  const previous = (await ui.page.$(shown)) ? await ui.page.$eval(shown, value) : "";
  await ui.page.click(".token-form button[type=submit]");
  // a second token replaces the first one's secret in the same notice
  await ui.page.waitForFunction(
    `(document.querySelector(${JSON.stringify(shown)})?.value ?? ${JSON.stringify(previous)}) !== ${JSON.stringify(previous)}`,
  );
  const secret = await ui.page.$eval(shown, value);
  expect(secret).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
  return secret;
}
