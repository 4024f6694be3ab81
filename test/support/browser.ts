// Debian's Chromium driven by puppeteer-core (no browser download), with what a UI test checks:
// console errors, page errors, CSP violations (in-page listener), every request made and the
// files the page downloads.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const chromiumPath = "/usr/bin/chromium";

export type WatchedPage = {
  page: Page;
  /** Console errors, page errors and failed responses not marked as expected. */
  problems: string[];
  /** URLs of every request to the proxy since the last `resetRequests()`. */
  requests: string[];
  resetRequests(): void;
  /** Runs `step`, allowing failed responses and console errors matching `pattern` meanwhile. */
  allowing<T>(pattern: RegExp, step: () => Promise<T>): Promise<T>;
  cspViolations(): Promise<string[]>;
  /** Opens a view from the navigation and waits until it has loaded; fails past 6 requests. */
  showView(path: string, ready: string): Promise<void>;
  /** Waits for `selector`, then for the network to be idle. */
  settle(selector: string): Promise<void>;
  /** Replaces an input's text the way a person would: select all, type over it. */
  retype(selector: string, value: string): Promise<void>;
  text(selector: string): Promise<string>;
  /** Waits until the first element matching `selector` holds `text`. */
  waitForText(selector: string, text: string): Promise<void>;
};

export type TestBrowser = {
  browser: Browser;
  /** The text of a file the page downloads (a CSV export), once it is there (within 3 s). */
  downloaded(name: string): Promise<string>;
  close(): Promise<void>;
};

export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "llmp-chromium-"));
  const downloads = join(profile, "downloads");
  // the flags of .library/env/machines/node.md "Known to work": no network beyond loopback here
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    pipe: true,
    downloadBehavior: { policy: "allow", downloadPath: downloads },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async downloaded(name) {
      const path = join(downloads, name);
      for (const deadline = Date.now() + 3_000; !existsSync(path); await Bun.sleep(25)) {
        if (Date.now() > deadline) throw new Error(`${name} was not downloaded within 3 s`);
      }
      return readFileSync(path, "utf8");
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function watchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1360, height: 900 });
  const problems: string[] = [];
  let requests: string[] = [];
  let allowed: RegExp | undefined;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (allowed?.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${String(error)}`));
  page.on("error", (error) => problems.push(`page crashed: ${String(error)}`));
  page.on("response", (response) => {
    if (response.status() >= 400 && !allowed)
      problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("request", (request) => {
    if (request.url().startsWith(origin)) requests.push(request.url());
  });
  // a second signal besides the console: the page's own securitypolicyviolation events
  await page.evaluateOnNewDocument(`
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));
  `);
  const settle = async (selector: string) => {
    await page.waitForSelector(selector);
    await page.waitForNetworkIdle({ idleTime: 150 });
  };
  return {
    page,
    problems,
    get requests() {
      return requests;
    },
    resetRequests() {
      requests = [];
    },
    async allowing(pattern, step) {
      allowed = pattern;
      try {
        return await step();
      } finally {
        allowed = undefined;
      }
    },
    cspViolations: () => page.evaluate("window.cspViolations") as Promise<string[]>,
    async showView(path, ready) {
      requests = [];
      await page.click(`nav a[href="#/${path}"]`);
      await settle(ready);
      if (requests.length > 6) {
        throw new Error(`#/${path} made ${requests.length} requests: ${requests.join(", ")}`);
      }
    },
    settle,
    async retype(selector, value) {
      await page.click(selector, { count: 3 });
      await page.keyboard.press("Backspace");
      await page.type(selector, value);
    },
    text: (selector) => page.$eval(selector, (element) => element.textContent ?? ""),
    async waitForText(selector, text) {
      const found = `document.querySelector(${JSON.stringify(selector)})?.textContent ?? ""`;
      await page.waitForFunction(`(${found}).includes(${JSON.stringify(text)})`);
    },
  };
}
