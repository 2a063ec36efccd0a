// Smoke test of the web app through the gateway with the real Keycloak: a visitor sees our signed-out page, can
// reach Keycloak's registration from it, and a local user signs in and is back in the app on our origin.
import assert from "node:assert/strict";
import { baseOrigin, baseUrl, browserSession, ourProblems, screenshot, signIn } from "./support.mjs";

const app = browserSession();

app.test("a signed-out visitor is offered sign-in and Create account, which opens Keycloak's registration", async () => {
  const page = await app.newPage();
  const response = await page.goto(baseUrl + "/");
  assert.equal(response.status(), 200);
  const csp = response.headers()["content-security-policy"];
  assert.ok(csp, "the page comes with a Content-Security-Policy");
  assert.match(csp, /script-src 'self';/);

  // the app tries a silent sign-in first, then shows its signed-out page
  const createAccount = page.getByRole("button", { name: "Create account" });
  await createAccount.waitFor();
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
  assert.equal(new URL(page.url()).origin, baseOrigin);
  assert.deepEqual(ourProblems(page), []);
  await screenshot(page, "signed-out");

  await createAccount.click();
  await page.waitForURL((url) => url.origin !== baseOrigin);
  await page.locator("#kc-register-form").waitFor();
  assert.ok(await page.locator("#email").isVisible(), "Keycloak's registration form asks for an email address");
});

app.test("alice signs in with Keycloak and is back in the app on our origin", async (page) => {
  await signIn(page, "alice");
  const url = new URL(page.url());
  assert.equal(url.origin, baseOrigin);
  assert.equal(url.pathname, "/");
  await page.getByText("T3 Chat").first().waitFor();
  assert.equal(await page.getByRole("button", { name: "Sign in", exact: true }).count(), 0);

  // a route of the app loaded directly is the app (index.html with its policy), and Keycloak's session signs
  // alice in again without a prompt
  const silentlySignedIn = page.waitForResponse((r) => r.url().endsWith("/protocol/openid-connect/token"));
  const response = await page.goto(baseUrl + "/settings/keys");
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /text\/html/);
  assert.ok(response.headers()["content-security-policy"], "the document response has a Content-Security-Policy");
  assert.equal(response.headers()["cache-control"], "no-cache");
  assert.ok((await silentlySignedIn).ok());
  await page.waitForURL((u) => u.origin === baseOrigin && u.pathname === "/settings/keys");
  // the policy let the app do all of that: nothing refused, nothing thrown
  assert.deepEqual(ourProblems(page), []);
});
