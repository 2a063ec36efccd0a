// The chat a person uses every day, driven in headless Chromium against the whole running system (gateway at
// T3CHAT_BASE_URL) with the provider simulator behind llm-service. One signed-in page walks through the flows in
// order; each step leaves the state the next one starts from.
import assert from "node:assert/strict";
import { baseUrl, browserSession, ourProblems, screenshot, signIn } from "./support.mjs";

const NEVER_ENDING = "openai/sim-endless-rate20";
const GEMINI = "gemini/sim-len200-rate60";
const UNIQUE = `zebracorn${Date.now().toString(36)}`;

const app = browserSession();
let page;

const answers = () => page.locator('[data-role="assistant"]');
const lastAnswer = () => answers().last();
const answerText = async (locator) => (await locator.locator('[data-testid="answer"]').innerText()).trim();

/** Sends a message; answers the locator of its answer (the one after the answers shown before). */
async function send(text) {
  const before = await answers().count();
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
  return answers().nth(before);
}

async function pickModel(id, screenshotName) {
  await page.getByTestId("model-picker").click();
  if (screenshotName) {
    await page.getByRole("listbox", { name: "Models" }).waitFor();
    await screenshot(page, screenshotName, { sizes: ["desktop"] });
  }
  await page.locator(`[role="option"][data-model-id="${id}"]`).click();
}

/** Waits until the answer shown by `locator` has at least `length` characters. */
async function waitForAnswerLength(locator, length, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await locator.locator('[data-testid="answer"]').textContent({ timeout: 1000 }).catch(() => "");
    if ((text ?? "").trim().length >= length) return;
    if (Date.now() > deadline) throw new Error(`the answer did not reach ${length} characters: ${JSON.stringify(text)}`);
    await page.waitForTimeout(100);
  }
}

async function waitForStatus(locator, status, timeout = 30_000) {
  await locator.and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout });
}

app.test("a new chat streams its answer token by token and gets a title", async (p) => {
  page = p;
  await signIn(page, "alice");
  await page.getByRole("heading", { name: /How can I help you/ }).waitFor();
  await screenshot(page, "new-chat");
  await send(`Tell me about the ${UNIQUE} please`);
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  const answer = lastAnswer();
  await waitForStatus(answer, "streaming");
  await waitForAnswerLength(answer, 10);
  const early = (await answerText(answer)).length;
  await page.waitForTimeout(700);
  const later = (await answerText(answer)).length;
  assert.ok(later > early, `the answer grows while it streams (${early} → ${later} characters)`);
  await waitForStatus(answer, "complete");
  await page.waitForFunction(() => {
    const title = document.querySelector('[data-testid="chat-title"]')?.textContent ?? "";
    return title.length > 0 && title !== "New chat";
  }, undefined, { timeout: 30_000 });
  const title = await page.getByTestId("chat-title").innerText();
  await page.getByTestId("chat-list").getByRole("link", { name: title }).waitFor();
  await screenshot(page, "chat");
});

app.test("a reload in the middle of an answer shows the text so far and continues", async (p) => {
  page = p;
  const answer = await send("Another long answer, please");
  await waitForStatus(answer, "streaming");
  await waitForAnswerLength(answer, 60);
  const beforeReload = await answerText(answer);
  const url = page.url();
  await page.reload();
  await page.waitForURL(url);
  const resumed = lastAnswer();
  await resumed.locator('[data-testid="answer"]').waitFor();
  await waitForStatus(resumed, "complete");
  const final = await answerText(resumed);
  assert.ok(final.length > beforeReload.length, "the answer went on after the reload");
  assert.ok(final.startsWith(beforeReload.slice(0, 40)), "the text before the reload is kept, not restarted");
});

app.test("an answer with code, a table and math is rendered: highlighted code with a copy button, KaTeX, safe links", async (p) => {
  page = p;
  await pickModel("openai/sim-markdown-rate60");
  const answer = await send("Explain binary search with code");
  await waitForStatus(answer, "complete");
  const code = answer.locator("pre").first();
  await code.waitFor();
  // Shiki (loaded on demand) colours the tokens; KaTeX (loaded on demand) typesets the math
  await answer.locator("pre span[style]").first().waitFor();
  await answer.locator(".katex").first().waitFor();
  await answer.locator("table").waitFor();
  assert.equal(await answer.locator("table").count(), 1);
  assert.match(await answer.innerText(), /typescript/i, "the code block says its language");
  const link = answer.getByRole("link", { name: "the Wikipedia article" });
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.match(await link.getAttribute("rel"), /noopener/);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await answer.getByRole("button", { name: "Copy", exact: true }).first().click();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /function binarySearch/);
  await answer.locator("pre").first().scrollIntoViewIfNeeded();
  await screenshot(page, "answer-markdown");
  assert.deepEqual(ourProblems(page).filter((problem) => /Refused|Content Security Policy/i.test(problem.text)), [],
    "no Content-Security-Policy violation (lazy chunks, fonts, styles)");
});

app.test("a reasoning model shows its thinking above the answer", async (p) => {
  page = p;
  await pickModel("anthropic/sim-think20-len200-rate40");
  const answer = await send("Think first, then answer");
  // attached, not visible: the thinking is open only until the answer starts, which may be before this looks
  await answer.getByTestId("reasoning").waitFor({ state: "attached" });
  await waitForStatus(answer, "complete");
  assert.match(await answer.getByTestId("reasoning").textContent(), /r1 r2 r3/);
  assert.match(await answerText(answer), /^w1 w2/);
});

app.test("a failed answer says why, keeps its text and offers Retry, which makes a new version", async (p) => {
  page = p;
  await pickModel("openai/sim-len100-fail40-rate40");
  const failed = await send("This one will break");
  await waitForStatus(failed, "failed");
  const alert = failed.getByRole("alert");
  assert.ok((await alert.innerText()).trim().length > 10, "the failure gives a reason");
  assert.match(await answerText(failed), /w40/, "the text before the failure is kept");
  await pickModel("openai/sim-len300-rate40");
  await alert.getByRole("button", { name: "Retry" }).click();
  await lastAnswer().getByTestId("version-position").filter({ hasText: "2/2" }).waitFor({ timeout: 30_000 });
});

app.test("Esc stops an answer and keeps its text", async (p) => {
  page = p;
  await pickModel(NEVER_ENDING, "model-picker");
  const answer = await send("Go on forever");
  await waitForStatus(answer, "streaming");
  await waitForAnswerLength(answer, 20);
  await page.keyboard.press("Escape");
  await waitForStatus(answer, "complete");
  await answer.getByText("Stopped").waitFor();
  assert.ok((await answerText(answer)).length > 20);
});

app.test("regenerate with another model makes a second version; the navigator switches between them", async (p) => {
  page = p;
  const answer = lastAnswer();
  const firstText = await answerText(answer);
  await answer.hover();
  await answer.getByRole("button", { name: "Regenerate" }).click();
  await page.locator(`[role="menuitem"][data-model-id="${GEMINI}"]`).click();
  const second = lastAnswer();
  await second.getByTestId("version-position").filter({ hasText: "2/2" }).waitFor({ timeout: 30_000 });
  await waitForStatus(second, "complete");
  assert.equal(await second.getByTestId("message-model").innerText(), "Simulator Gemini");
  const secondText = await answerText(second);
  await second.getByRole("button", { name: "Previous version" }).click();
  await lastAnswer().getByTestId("version-position").filter({ hasText: "1/2" }).waitFor();
  assert.equal(await answerText(lastAnswer()), firstText);
  await lastAnswer().getByRole("button", { name: "Next version" }).click();
  await lastAnswer().getByTestId("version-position").filter({ hasText: "2/2" }).waitFor();
  assert.equal(await answerText(lastAnswer()), secondText);
});

app.test("editing a sent message makes a branch, and an answer branches to a new chat", async (p) => {
  page = p;
  await pickModel("openai/sim-len300-rate40");
  const question = page.locator('[data-role="user"]').last();
  await question.hover();
  await question.getByRole("button", { name: "Edit message" }).click();
  const editor = page.getByRole("textbox", { name: "Edit message" });
  await editor.fill("Go on forever — edited into a shorter question");
  await editor.press("Enter");
  await page.locator('[data-role="user"]').last().getByTestId("version-position").filter({ hasText: "2/2" }).waitFor();
  await waitForStatus(lastAnswer(), "complete");
  const chatUrl = page.url();
  await lastAnswer().hover();
  await lastAnswer().getByRole("button", { name: "Branch to new chat" }).click();
  await page.waitForURL((url) => url.href !== chatUrl && /\/c\/[0-9a-f-]{36}$/.test(url.pathname));
  await page.getByText("edited into a shorter question").waitFor();
});

app.test("search (Ctrl+K) finds a message in another chat and jumps to it", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/settings/usage`);
  await page.getByTestId("chat-list").getByRole("link").first().waitFor();
  await page.keyboard.press("Control+k");
  // a message far above the end of a long chat: the jump has to scroll up to it
  await page.getByRole("combobox", { name: "Search your chats" }).fill("Another long answer");
  const hit = page.getByRole("option").filter({ hasText: "long answer" }).filter({ hasNotText: "Title:" }).first();
  await hit.waitFor();
  await screenshot(page, "search");
  await hit.click();
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  const found = page.locator('[data-role="user"]').filter({ hasText: "Another long answer, please" });
  await found.waitFor();
  assert.ok(await found.isVisible(), "the matching message is shown");
  const box = await found.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && box.y >= 0 && box.y < viewport.height, "the matching message is scrolled into view");
});

app.test("a share link opens logged out, read-only, and stops working when revoked", async (p) => {
  page = p;
  await page.getByRole("button", { name: "Share chat" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const link = page.getByRole("textbox", { name: "Share link" }).first();
  await link.waitFor();
  const url = await link.inputValue();
  assert.match(url, /\/s\/[A-Za-z0-9_-]+$/);
  const anonymous = await app.newPage();
  await anonymous.goto(url);
  await anonymous.getByTestId("shared-chat").waitFor();
  await anonymous.locator('[data-role="user"]').filter({ hasText: UNIQUE }).waitFor();
  assert.equal(await anonymous.getByRole("textbox", { name: "Message" }).count(), 0, "no composer on a shared page");
  await screenshot(anonymous, "shared");
  await page.getByRole("button", { name: "Revoke" }).first().click();
  await page.getByText("No links yet.").waitFor();
  await anonymous.reload();
  await anonymous.getByText(/revoked|never existed/i).waitFor();
  await anonymous.context().close();
  await page.keyboard.press("Escape");
});

/** The bearer token the app itself sends (fresh: read from one of its API requests). */
async function appToken() {
  const request = page.waitForRequest((r) => r.url().startsWith(`${baseUrl}/api/`) && !!r.headers().authorization);
  await page.goto(`${baseUrl}/`);
  return (await request).headers().authorization;
}

async function callApi(authorization, path, { method = "GET", body, accept = "application/json" } = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: authorization, Accept: accept, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

const LONG_TURNS = 150;

app.test("a chat of 300 messages opens at its end and loads older turns on scroll-up without jumping", async (p) => {
  page = p;
  const authorization = await appToken();
  const title = `Long chat ${UNIQUE}`;
  const chat = await (await callApi(authorization, "/api/chats", { method: "POST", body: { title, model: "offline/demo" } })).json();
  for (let i = 1; i <= LONG_TURNS; i++) {
    // posted as a stream: the answer's body ends once the reply is done, so the next turn goes under it
    const events = await (await callApi(authorization, `/api/chats/${chat.id}/messages`, {
      method: "POST", accept: "text/event-stream",
      body: { content: `Turn ${i} of the long chat. Answer in 8 words.`, model: "offline/demo" },
    })).text();
    assert.match(events, /event: ?done/, `turn ${i} was answered`);
  }

  const reads = [];
  const onRequest = (r) => { if (r.url().includes(`/api/chats/${chat.id}/messages`) && r.method() === "GET") reads.push(r.url()); };
  page.on("request", onRequest);
  await page.goto(`${baseUrl}/c/${chat.id}`);
  const question = (i) => page.locator('[data-role="user"]').filter({ hasText: `Turn ${i} of the long chat.` });
  await question(LONG_TURNS).waitFor();
  await lastAnswer().waitFor();
  const scroller = page.getByTestId("conversation");
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="conversation"]');
    return el && el.scrollHeight - el.scrollTop - el.clientHeight < 2;
  });
  const shownAtOpen = await page.locator("[data-message-id]").count();
  assert.ok(shownAtOpen < 2 * LONG_TURNS, `the chat opens with a page of its branch, not all of it (${shownAtOpen} shown)`);
  page.off("request", onRequest);
  assert.ok(reads.length > 0 && reads.every((url) => !url.includes("view=tree")), `the app reads pages, never the whole tree (${reads})`);
  const lastBox = await lastAnswer().boundingBox();
  assert.ok(lastBox && lastBox.y + lastBox.height <= page.viewportSize().height, "it opens at the bottom: the last answer is in view");
  await screenshot(page, "long-chat", { sizes: ["desktop"] });

  // scroll to the top again and again: each older page goes in above without moving what the reader sees
  for (let round = 0; (await question(1).count()) === 0; round++) {
    assert.ok(round < 20, "the first turn is reached");
    const before = await scroller.evaluate((el) => {
      el.scrollTop = 0;
      const top = el.getBoundingClientRect().top;
      const first = [...el.querySelectorAll("[data-message-id]")].find((m) => m.getBoundingClientRect().bottom > top);
      return { id: first.dataset.messageId, y: first.getBoundingClientRect().top, count: el.querySelectorAll("[data-message-id]").length };
    });
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="conversation"] [data-message-id]').length > count,
      before.count, { timeout: 15_000 });
    // the restore happens before the browser paints; one frame later the message must be where it was
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await page.locator(`[data-message-id="${before.id}"]`).evaluate((m) => m.getBoundingClientRect().top);
    assert.ok(Math.abs(after - before.y) <= 2, `the message at the top stays put when older turns go in above (${before.y} → ${after})`);
  }
  assert.equal(await page.locator("[data-message-id]").count(), 2 * LONG_TURNS, "every turn is there once");
  assert.equal(await page.getByTestId("older-messages").count(), 0, "nothing older to load at the first message");
  await question(1).scrollIntoViewIfNeeded();
  await screenshot(page, "long-chat-top", { sizes: ["desktop"] });
}, { timeout: 300_000 });

app.test("provider keys: the simulator accepts one and rejects another", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/settings/keys`);
  const openai = page.getByTestId("key-row-openai");
  await openai.waitFor();
  await openai.getByRole("button", { name: /Add key|Replace/ }).click();
  await openai.getByLabel("API key").fill("sk-simulated-good-4321");
  await openai.getByRole("button", { name: "Save key" }).click();
  await openai.getByText("…4321").waitFor({ timeout: 30_000 });
  const anthropic = page.getByTestId("key-row-anthropic");
  await anthropic.getByRole("button", { name: /Add key|Replace/ }).click();
  await anthropic.getByLabel("API key").fill("bad-key-for-the-test");
  await anthropic.getByRole("button", { name: "Save key" }).click();
  await anthropic.getByRole("alert").waitFor({ timeout: 30_000 });
  assert.ok(!(await anthropic.getByRole("alert").innerText()).includes("bad-key-for-the-test"), "the rejected key is not echoed");
  await screenshot(page, "settings-keys");
});

app.test("usage and preferences: the day's replies are counted; the theme switches to dark", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/settings/usage`);
  const table = page.getByTestId("usage-table");
  await table.waitFor({ timeout: 30_000 });
  await table.getByText("Simulator (300 tokens at 40/s)").first().waitFor();
  await screenshot(page, "settings-usage");
  await page.goto(`${baseUrl}/settings/preferences`);
  await page.getByText("Dark", { exact: true }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains("dark"));
  await page.goto(`${baseUrl}/`);
  await page.getByRole("link", { name: /Tell me about the/ }).first().click();
  await page.locator('[data-role="assistant"]').first().waitFor();
  await screenshot(page, "chat-dark");
  await page.goto(`${baseUrl}/settings/preferences`);
  await page.getByText("System", { exact: true }).click();
  await page.waitForFunction(() => !document.documentElement.classList.contains("dark"));
});

app.test("Ctrl+Shift+O opens a new chat with the composer focused", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/settings/keys`);
  await page.getByTestId("key-row-openai").waitFor();
  await page.keyboard.press("Control+Shift+O");
  await page.getByRole("heading", { name: /How can I help you/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "composer-input");
});

app.test("chats can be renamed, pinned, archived and deleted with undo", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/`);
  const list = page.getByTestId("chat-list");
  const first = list.getByRole("listitem").first();
  const title = (await first.getByRole("link").innerText()).trim();
  const actions = () => list.getByRole("button", { name: `Actions for ${renamed}` });
  const renamed = `Renamed ${UNIQUE}`;

  await first.hover();
  await first.getByRole("button", { name: `Actions for ${title}` }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  const input = list.getByRole("textbox", { name: "Chat title" });
  await input.fill(renamed);
  await input.press("Enter");
  await list.getByRole("link", { name: renamed }).waitFor();

  await actions().click();
  await page.getByRole("menuitem", { name: "Pin" }).click();
  await list.getByRole("heading", { name: "Pinned" }).waitFor();
  await screenshot(page, "sidebar-pinned", { sizes: ["desktop"] });

  await actions().click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await list.getByRole("link", { name: renamed }).waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Archived chats" }).click();
  await list.getByRole("link", { name: renamed }).waitFor();
  await actions().click();
  await page.getByRole("menuitem", { name: "Unarchive" }).click();
  await page.getByRole("button", { name: "Back to chats" }).click();
  await list.getByRole("link", { name: renamed }).waitFor();

  await actions().click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await list.getByRole("link", { name: renamed }).waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Undo" }).click();
  await list.getByRole("link", { name: renamed }).waitFor();

  await actions().click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Undo" }).waitFor({ state: "detached", timeout: 15_000 });
  await page.reload();
  await list.getByRole("listitem").first().waitFor();
  assert.equal(await list.getByRole("link", { name: renamed }).count(), 0, "deleted for good once the undo time ran out");
});

app.test("on a phone the chats are a drawer behind the menu button", async (p) => {
  page = p;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/`);
  await page.getByRole("heading", { name: /How can I help you/ }).waitFor();
  assert.equal(await page.getByTestId("chat-list").isVisible(), false, "no sidebar beside the chat on a phone");
  await page.getByRole("button", { name: "Open chats" }).click();
  const drawer = page.getByRole("dialog", { name: "Chats" });
  await drawer.getByTestId("chat-list").getByRole("link").first().click();
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  await drawer.waitFor({ state: "detached" });
  await page.getByRole("textbox", { name: "Message" }).waitFor();
  await page.setViewportSize({ width: 1280, height: 800 });
});

app.test("no page of the session broke the Content-Security-Policy", async (p) => {
  page = p;
  const refused = ourProblems(page).filter((problem) => /Refused|Content Security Policy/i.test(problem.text));
  assert.deepEqual(refused, []);
});

app.test("signing out ends the session", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 30_000 });
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 30_000 });
});
