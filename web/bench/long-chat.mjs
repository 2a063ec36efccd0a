// Benchmark: a chat of hundreds of messages, opened and then streamed into, in headless Chromium against a
// running stack with the provider simulator (T3CHAT_DEV_SIMULATOR=1 ./dev up). Not a test: it prints numbers.
// Start the stack with T3CHAT_LIMIT_MESSAGES_PER_MINUTE=0: this posts far more than 20 messages a minute.
//
//   T3CHAT_TOKEN=$(./dev token alice) node web/bench/long-chat.mjs [pairs=200]
//
// It builds a chat of `pairs` question/answer pairs through the API (offline/demo answers, markdown questions),
// signs alice in, opens the chat and measures: time until the chat is shown, then — while a 300-token answer
// streams in at 40 tokens/s — frame intervals (p50/p95/max), long tasks (> 50 ms) and layout shift.
import { launchBrowser, newPage, signIn, baseUrl } from "../e2e/support.mjs";

const pairs = Number(process.argv[2] ?? 200);
const token = process.env.T3CHAT_TOKEN;
if (!token) {
  console.error("set T3CHAT_TOKEN (e.g. T3CHAT_TOKEN=$(./dev token alice))");
  process.exit(2);
}

async function call(path, { method = "GET", body } = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function untilDone(chatId, messageId) {
  const response = await fetch(`${baseUrl}/api/chats/${chatId}/messages/${messageId}/stream`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
  });
  const text = await response.text(); // an ended reply's stream closes after `done`
  if (!/event: ?(done|error)/.test(text)) throw new Error(`no end for ${messageId}`);
}

const question = (i) => `Question ${i}: how does **step ${i}** work?\n\n- first point\n- second point with \`code\`\n\nPlease answer in 6 words.`;

const started = Date.now();
const chat = await call("/api/chats", { method: "POST", body: { title: `Benchmark: ${pairs} pairs`, model: "offline/demo" } });
for (let i = 1; i <= pairs; i++) {
  const posted = await call(`/api/chats/${chat.id}/messages`, { method: "POST", body: { content: question(i), model: "offline/demo" } });
  await untilDone(chat.id, posted.assistantMessage.id);
}
console.log(`built a chat of ${pairs * 2} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const browser = await launchBrowser();
try {
  const { page } = await newPage(browser);
  await signIn(page, "alice");
  await page.evaluate(() => {
    window.__bench = { shifts: 0, longTasks: [] };
    new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (!e.hadRecentInput) window.__bench.shifts += e.value; }))
      .observe({ type: "layout-shift", buffered: false });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__bench.longTasks.push(e.duration)))
      .observe({ type: "longtask", buffered: false });
  });
  const openStart = Date.now();
  await page.getByTestId("chat-list").getByRole("link", { name: `Benchmark: ${pairs} pairs` }).first().click();
  // the chat opens at its end with one page of the branch (older pages come as one scrolls up)
  await page.locator('[data-role="user"]', { hasText: `Question ${pairs}:` }).last().waitFor();
  const openMs = Date.now() - openStart;
  const shown = await page.locator("[data-message-id]").count();

  await page.getByTestId("model-picker").click();
  await page.locator('[role="option"][data-model-id="openai/sim-len300-rate40"]').click();
  await page.evaluate(() => { window.__bench.shifts = 0; window.__bench.longTasks = []; });
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("One more long answer, please");
  await box.press("Enter");
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const intervals = [];
    let last = performance.now();
    const streaming = () => document.querySelector('[data-status="streaming"]') !== null;
    const tick = (now) => {
      intervals.push(now - last);
      last = now;
      if (streaming() || intervals.length < 30) requestAnimationFrame(tick);
      else resolve(intervals);
    };
    requestAnimationFrame(tick);
  }));
  const { shifts, longTasks } = await page.evaluate(() => window.__bench);
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  console.log(`opening the chat (${pairs * 2} messages) until its last question is shown: ${openMs} ms (${shown} messages shown)`);
  console.log(`while an answer streamed (${frames.length} frames): frame interval p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1).toFixed(1)} ms`);
  console.log(`long tasks (> 50 ms) while streaming: ${longTasks.length}${longTasks.length ? ` (longest ${Math.max(...longTasks).toFixed(0)} ms)` : ""}; layout shift: ${shifts.toFixed(4)}`);
} finally {
  await browser.close();
}
