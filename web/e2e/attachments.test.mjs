// Attachments in the browser against the whole running system: a PDF dropped on the chat and an image pasted into
// the composer upload with visible progress, are processed by embedding-worker until they are ready, go with a
// message, show on it (the image as a thumbnail from a blob: URL, the PDF as a chip with its pages), and one is
// deleted again in Settings → Files. One signed-in page walks through the steps in order.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { baseUrl, browserSession, ourProblems, screenshot, signIn } from "./support.mjs";

const UNIQUE = `quokka${Date.now().toString(36)}`;
const PDF_NAME = `report-${UNIQUE}.pdf`;
const IMAGE_NAME = `screenshot-${UNIQUE}.png`;
/** Big enough that its upload, slowed down below, takes a few seconds and shows its progress. */
const PDF_PADDING = 2 * 1024 * 1024;
const UPLOAD_BYTES_PER_SECOND = 512 * 1024;
/** Scanning, reading (OCR for the image) and embedding, the embedding model loaded on first use. */
const PROCESSING_TIMEOUT = 150_000;

const app = browserSession();
let page;
let chatUrl;

const composer = () => page.locator("form").filter({ has: page.getByRole("textbox", { name: "Message" }) });
const chip = (name) => page.locator(`[data-testid="attachment-chip"][data-name="${name}"]`);
const question = () => page.locator('[data-role="user"]').last();
const sentFile = (name) => question().locator(`[data-testid="message-attachment"][data-name="${name}"]`);
const fileRow = (name) => page.locator(`[data-testid="file-row"][data-name="${name}"]`);

/**
 * A real one-page PDF with a text layer saying `sentence`, padded with an unreferenced binary object to about
 * `padding` bytes (the cross-reference table gives every object's offset, so PDF readers find their way).
 */
function textPdf(sentence, padding) {
  const parts = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets = [];
  const length = () => parts.reduce((sum, part) => sum + part.length, 0);
  const object = (body) => {
    offsets.push(length());
    parts.push(Buffer.from(`${offsets.length} 0 obj\n`, "latin1"), Buffer.isBuffer(body) ? body : Buffer.from(body, "latin1"), Buffer.from("\nendobj\n", "latin1"));
  };
  const text = `BT /F1 18 Tf 72 720 Td (${sentence.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
  object(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const filler = randomBytes(padding);
  object(Buffer.concat([Buffer.from(`<< /Length ${filler.length} >>\nstream\n`, "latin1"), filler, Buffer.from("\nendstream", "latin1")]));
  const xref = length();
  const rows = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  parts.push(Buffer.from(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

/** Drags `files` over `target` (the overlay must show) and drops them, as a person dragging from their desktop. */
async function dropFiles(target, files) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString("base64") })));
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  await page.getByTestId("drop-overlay").waitFor();
  await page.getByText("Drop files to attach").waitFor();
  await target.dispatchEvent("drop", { dataTransfer });
  await page.getByTestId("drop-overlay").waitFor({ state: "detached" });
}

/** Pastes a PNG screenshot of `text` (drawn on a canvas) into the message box, as Ctrl+V of a screenshot does. */
async function pasteScreenshot(name, text) {
  await page.getByRole("textbox", { name: "Message" }).evaluate(async (box, { name, text }) => {
    const canvas = document.createElement("canvas");
    canvas.width = 900;
    canvas.height = 160;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#000000";
    context.font = "48px sans-serif";
    context.fillText(text, 30, 100);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, { type: "image/png" }));
    box.focus();
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, { name, text });
}

async function waitForState(locator, state, timeout) {
  await locator.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
}

app.test("a chat to attach files to", async (p) => {
  page = p;
  await signIn(page, "alice");
  await page.getByRole("heading", { name: /How can I help you/ }).waitFor();
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(`Files for the ${UNIQUE} project follow`);
  await box.press("Enter");
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  chatUrl = page.url();
  await page.locator('[data-role="assistant"][data-status="complete"]').last().waitFor({ timeout: 60_000 });
});

app.test("a dropped PDF uploads with visible progress, and a pasted screenshot is attached too", async (p) => {
  page = p;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND,
  });
  try {
    await dropFiles(page.getByTestId("drop-target"), [
      { name: PDF_NAME, type: "application/pdf", bytes: textPdf(`The ${UNIQUE} budget is four thousand and eleven euros.`, PDF_PADDING) },
    ]);
    await waitForState(chip(PDF_NAME), "uploading");
    // the bar moves while the file is on its way (a value strictly between the start and the end)
    await page.waitForFunction((name) => {
      const bar = document.querySelector(`[data-testid="attachment-chip"][data-name="${name}"] [role="progressbar"]`);
      const value = Number(bar?.getAttribute("aria-valuenow") ?? NaN);
      return value > 0 && value < 100;
    }, PDF_NAME, { polling: 50, timeout: 30_000 });
    assert.match(await chip(PDF_NAME).getByTestId("chip-status").innerText(), /Uploading \d+%/);
    assert.equal(await page.getByRole("button", { name: "Send" }).isDisabled(), true, "no sending while a file is uploading");
    await screenshot(page, "attachments-uploading", { sizes: ["desktop"] });
  } finally {
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  }
  await pasteScreenshot(IMAGE_NAME, `Quokka invoice ${UNIQUE}`);
  await chip(IMAGE_NAME).waitFor();
  assert.match(await chip(IMAGE_NAME).locator("img").getAttribute("src"), /^blob:/, "the pasted image shows as its own thumbnail");
});

app.test("both files are processed until they are ready", async (p) => {
  page = p;
  await waitForState(chip(PDF_NAME), "ready", PROCESSING_TIMEOUT);
  await waitForState(chip(IMAGE_NAME), "ready", PROCESSING_TIMEOUT);
  assert.match(await chip(PDF_NAME).getByTestId("chip-status").innerText(), /Ready · 1 page/);
  await page.getByRole("textbox", { name: "Message" }).fill(`What does the ${UNIQUE} budget say?`);
  await composer().scrollIntoViewIfNeeded();
  await screenshot(page, "attachments-composer");
}, { timeout: PROCESSING_TIMEOUT * 2 + 30_000 });

app.test("the message is sent with its files, which show on it", async (p) => {
  page = p;
  await page.getByRole("button", { name: "Send" }).click();
  await question().filter({ hasText: `What does the ${UNIQUE} budget say?` }).waitFor();
  assert.equal(await chip(PDF_NAME).count(), 0, "the composer is empty again");

  await sentFile(PDF_NAME).waitFor();
  assert.match(await sentFile(PDF_NAME).getByTestId("attachment-details").innerText(), /^PDF · 1 page · 2(\.\d)? MB$/);
  const thumbnail = sentFile(IMAGE_NAME).getByTestId("attachment-thumbnail");
  await thumbnail.waitFor({ timeout: 30_000 });
  assert.match(await thumbnail.getAttribute("src"), /^blob:/);
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumbnail.elementHandle());

  await sentFile(IMAGE_NAME).getByRole("button", { name: `Open ${IMAGE_NAME}` }).click();
  const lightbox = page.getByRole("dialog", { name: IMAGE_NAME });
  await page.waitForFunction((img) => img.complete && img.naturalWidth >= 900, await lightbox.getByTestId("lightbox-image").elementHandle());
  await page.keyboard.press("Escape");
  await lightbox.waitFor({ state: "detached" });

  const download = page.waitForEvent("download");
  await sentFile(PDF_NAME).getByRole("button", { name: `Download ${PDF_NAME}` }).click();
  assert.equal((await download).suggestedFilename(), PDF_NAME);
  await screenshot(page, "attachments-message", { sizes: ["desktop"] });
});

app.test("Settings → Files lists the files with their chat; deleting one shows it as deleted on the message", async (p) => {
  page = p;
  await page.goto(`${baseUrl}/settings/files`);
  await fileRow(PDF_NAME).waitFor();
  await fileRow(IMAGE_NAME).waitFor();
  assert.equal(await fileRow(PDF_NAME).getByTestId("file-status").innerText(), "Ready · 1 page");
  const storage = await page.getByTestId("storage-usage").innerText();
  assert.match(storage, /of 1 GB · \d+ of 1,000 files/);
  await screenshot(page, "settings-files");

  await fileRow(PDF_NAME).getByRole("button", { name: `Delete ${PDF_NAME}` }).click();
  await fileRow(PDF_NAME).getByRole("button", { name: "Delete file" }).click();
  await fileRow(PDF_NAME).waitFor({ state: "detached" });
  await page.reload();
  await fileRow(IMAGE_NAME).waitFor();
  assert.equal(await fileRow(PDF_NAME).count(), 0, "gone for good, also after a reload");

  await fileRow(IMAGE_NAME).getByRole("link").click();
  await page.waitForURL(chatUrl);
  await waitForState(sentFile(PDF_NAME), "deleted", 30_000);
  assert.match(await sentFile(PDF_NAME).innerText(), /deleted/);
  await sentFile(IMAGE_NAME).getByTestId("attachment-thumbnail").waitFor();
});

app.test("nothing broke the Content-Security-Policy (blob: images are allowed)", async (p) => {
  page = p;
  const refused = ourProblems(page).filter((problem) => /Refused|Content Security Policy/i.test(problem.text));
  assert.deepEqual(refused, []);
});
