// Browser-test support: Debian's Chromium driven by playwright-core, against a running stack (./dev up, or the
// system tests' stack). Run with `npm run e2e` (node --test, one file at a time). Nothing here downloads a browser.
//
//   import { browserSession, signIn, screenshot, baseUrl } from "./support.mjs";
//   const app = browserSession();                    // a fresh browser (own temporary profile) for this file
//   app.test("alice sees her chats", async (page) => {
//     await signIn(page, "alice");
//     ...
//     await screenshot(page, "chat-list");          // docs/screenshots/chat-list.png and chat-list-phone.png
//   });
//
// Environment: T3CHAT_BASE_URL (default http://localhost:8080), CHROMIUM_PATH (default /usr/bin/chromium),
// E2E_HEADFUL=1 (show the browser, where there is a display).

import { after, before, test } from "node:test";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

export const baseUrl = (process.env.T3CHAT_BASE_URL ?? "http://localhost:8080").replace(/\/+$/, "");
export const baseOrigin = new URL(baseUrl).origin;

const webDir = fileURLToPath(new URL("..", import.meta.url));
const screenshotDir = path.resolve(webDir, "../docs/screenshots");
const failureDir = path.resolve(webDir, "e2e-output");

/** Viewports of the documentation screenshots (and of tests that look at the phone layout). */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

/** How long one step (a click, a fill, an expectation) and one navigation may take, and one test in all. */
export const TIMEOUTS = { action: 15_000, navigation: 30_000, test: 120_000 };

// Without the background-networking flags Chromium's own connections are refused on the build machines and it
// stalls; it never talks to anything but the stack under test.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts Debian's Chromium. Each launch gets its own temporary user-data folder (a fresh profile). */
export async function launchBrowser() {
  const headful = process.env.E2E_HEADFUL === "1";
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: !headful,
    args: headful ? CHROMIUM_ARGS.filter((arg) => arg !== "--headless") : CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

const problems = new WeakMap();

/**
 * What went wrong in a page so far, as `{ url, text }`: console errors (Content-Security-Policy violations among
 * them: "Refused to …") and uncaught exceptions. Printed with a failing test's screenshot.
 */
export function pageProblems(page) {
  return problems.get(page) ?? [];
}

/** Console errors and Content-Security-Policy violations reported while the page was on our origin. */
export function ourProblems(page) {
  return pageProblems(page).filter((problem) => problem.url.startsWith(baseOrigin + "/"));
}

function watch(page) {
  const seen = [];
  problems.set(page, seen);
  page.on("console", (message) => {
    if (message.type() === "error") seen.push({ url: page.url(), text: message.text() });
  });
  page.on("pageerror", (error) => seen.push({ url: page.url(), text: `uncaught: ${error.message}` }));
}

/** A new browser context (own cookies and storage) with one page and the default timeouts. */
export async function newPage(browser, viewport = VIEWPORTS.desktop) {
  const context = await browser.newContext({ viewport, locale: "en-US", timezoneId: "UTC" });
  context.setDefaultTimeout(TIMEOUTS.action);
  context.setDefaultNavigationTimeout(TIMEOUTS.navigation);
  context.on("page", watch);
  const page = await context.newPage();
  if (!problems.has(page)) watch(page);
  return { context, page };
}

/**
 * One browser for the calling test file: launched before its first test, closed after its last. `test(name, fn)`
 * runs `fn(page, t)` on the file's page and saves a screenshot to web/e2e-output/ when it fails;
 * `newPage()` gives a page in a context of its own (another user, or a visitor who is signed out).
 */
export function browserSession() {
  const session = {
    browser: null,
    context: null,
    page: null,
    contexts: [],
    async newPage(viewport) {
      const created = await newPage(session.browser, viewport);
      session.contexts.push(created.context);
      return created.page;
    },
    test(name, fn, options = {}) {
      return test(name, { timeout: TIMEOUTS.test, ...options }, async (t) => {
        try {
          await fn(session.page, t);
        } catch (error) {
          await failureScreenshots(session, name);
          throw error;
        }
      });
    },
  };
  before(async () => {
    session.browser = await launchBrowser();
    const created = await newPage(session.browser);
    session.context = created.context;
    session.page = created.page;
    session.contexts.push(created.context);
  });
  after(async () => {
    await session.browser?.close();
  });
  return session;
}

async function failureScreenshots(session, name) {
  await mkdir(failureDir, { recursive: true });
  const stem = `${path.basename(process.argv[1] ?? "e2e", ".mjs")}-${slug(name)}`;
  const pages = session.contexts.flatMap((context) => context.pages());
  for (const [i, page] of pages.entries()) {
    const file = path.join(failureDir, `${stem}${pages.length > 1 ? `-${i + 1}` : ""}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      console.error(`# failure screenshot: ${file} (at ${page.url()})`);
      for (const problem of pageProblems(page)) console.error(`#   ${problem.url}: ${problem.text}`);
    } catch (error) {
      console.error(`# no failure screenshot of ${page.url()}: ${error.message}`);
    }
  }
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80);
}

/** Sets the page's viewport to `"desktop"` (1280×800), `"phone"` (390×844) or a `{width, height}`. */
export async function setViewport(page, size) {
  await page.setViewportSize(typeof size === "string" ? VIEWPORTS[size] : size);
}

/**
 * Saves docs/screenshots/<name>.png at the desktop width and docs/screenshots/<name>-phone.png at the phone width
 * (only the given `sizes`), then puts the viewport back.
 */
export async function screenshot(page, name, { sizes = ["desktop", "phone"], fullPage = false } = {}) {
  await mkdir(screenshotDir, { recursive: true });
  const previous = page.viewportSize();
  const files = [];
  for (const size of sizes) {
    await setViewport(page, size);
    // let the layout settle at the new width (fonts, transitions)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const file = path.join(screenshotDir, size === "desktop" ? `${name}.png` : `${name}-${size}.png`);
    await page.screenshot({ path: file, fullPage, animations: "disabled" });
    files.push(file);
  }
  if (previous) await page.setViewportSize(previous);
  return files;
}

function isCodeExchange(response) {
  const request = response.request();
  return request.method() === "POST"
    && response.url().endsWith("/protocol/openid-connect/token")
    && (request.postData() ?? "").includes("grant_type=authorization_code");
}

function onOurOrigin(url) {
  return url.origin === baseOrigin && !url.pathname.startsWith("/auth/callback");
}

/**
 * Signs `user` in (password = username: alice, bob, admin…) the way a person does: opens the app, which first
 * tries a silent sign-in with Keycloak and then shows our signed-out page; clicks "Sign in", fills Keycloak's
 * form and comes back signed in on our origin. If Keycloak still has a session in this context, the silent
 * sign-in is enough. Resolves once the app has its tokens and shows `returnTo` (default "/").
 */
export async function signIn(page, user, { password = user, returnTo = "/" } = {}) {
  const codeExchanged = page.waitForResponse(isCodeExchange, { timeout: TIMEOUTS.navigation * 2 });
  codeExchanged.catch(() => {});
  await page.goto(baseUrl + returnTo);

  const signInButton = page.getByRole("button", { name: "Sign in", exact: true });
  const shown = signInButton.waitFor({ state: "visible", timeout: TIMEOUTS.navigation }).then(() => "signed-out");
  shown.catch(() => {});
  const first = await Promise.race([codeExchanged.then(() => "signed-in"), shown]);

  if (first === "signed-out") {
    await signInButton.click();
    await page.waitForURL((url) => url.origin !== baseOrigin);
    await page.locator("#username").fill(user);
    await page.locator("#password").fill(password);
    await page.locator("#kc-login").click();
  }
  const exchange = await codeExchanged;
  if (!exchange.ok()) {
    throw new Error(`signing in ${user}: Keycloak's token endpoint answered ${exchange.status()}: ${await exchange.text()}`);
  }
  await page.waitForURL(onOurOrigin);
  await page.waitForLoadState("load");
}
