import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeXhr, pdf } from "../attachments/testing";
import { uploadFile } from "./upload";
import { ApiError } from "./problem";

const session = vi.hoisted(() => ({
  accessToken: vi.fn(async () => "token-1" as string | null),
  refreshAfterRejection: vi.fn(async () => "token-2" as string | null),
  beginLogin: vi.fn(async () => {}),
}));
vi.mock("../auth/session", () => session);

/** Lets the upload reach `send` (it first awaits the token). */
async function sent(count: number): Promise<FakeXhr> {
  await vi.waitFor(() => expect(FakeXhr.sent).toHaveLength(count));
  return FakeXhr.sent[count - 1];
}

beforeEach(() => {
  FakeXhr.reset();
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe("uploadFile", () => {
  it("posts the file as the multipart part `file` with the bearer token and reports progress", async () => {
    const progress = vi.fn();
    const upload = uploadFile<{ id: string }>("/api/attachments", pdf("a.pdf", 2000), { onProgress: progress });
    const xhr = await sent(1);
    expect(xhr.headers).toMatchObject({ Authorization: "Bearer token-1", Accept: "application/json" });
    expect(xhr.file.name).toBe("a.pdf");
    xhr.progress(1000, 2100);
    await xhr.answer(201, { id: "a1" });
    await expect(upload).resolves.toEqual({ id: "a1" });
    expect(progress).toHaveBeenCalledWith(1000, 2100);
  });

  it("sends the file again with a renewed token after a 401", async () => {
    const upload = uploadFile("/api/attachments", pdf());
    await (await sent(1)).answer(401, {});
    const again = await sent(2);
    expect(again.headers.Authorization).toBe("Bearer token-2");
    await again.answer(201, { id: "a1" });
    await expect(upload).resolves.toEqual({ id: "a1" });
  });

  it("throws the problem of a refusal, and status 0 when the connection failed", async () => {
    const refused = uploadFile<never>("/api/attachments", pdf()).catch((e: ApiError) => e);
    await (await sent(1)).answer(415, { type: "urn:t3chat:problem:unsupported-media-type", detected: "text/html" });
    const error = await refused;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.slug, error.body.detected]).toEqual([415, "unsupported-media-type", "text/html"]);

    const lost = uploadFile<never>("/api/attachments", pdf()).catch((e: ApiError) => e);
    await (await sent(2)).fail();
    expect((await lost).status).toBe(0);
  });

  it("aborts when its signal does", async () => {
    const controller = new AbortController();
    const upload = uploadFile("/api/attachments", pdf(), { signal: controller.signal }).catch((e) => e);
    const xhr = await sent(1);
    controller.abort();
    expect(xhr.aborted).toBe(true);
    expect(await upload).toMatchObject({ name: "AbortError" });
  });
});
