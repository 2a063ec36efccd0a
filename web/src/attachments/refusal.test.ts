import { describe, expect, it } from "vitest";
import { ApiError } from "../api/problem";
import { describeRefusal } from "./refusal";

const problem = (status: number, slug: string, extra: Record<string, unknown> = {}) =>
  new ApiError(status, { type: `urn:t3chat:problem:${slug}`, status, ...extra });

describe("describeRefusal", () => {
  it("shows the problem's own detail when it has one", () => {
    expect(describeRefusal(problem(413, "file-too-large", { detail: "The file is larger than 25 MB.", limitBytes: 26_214_400 })))
      .toEqual({ text: "The file is larger than 25 MB.", quota: false, retryable: false });
    expect(describeRefusal(problem(415, "unsupported-media-type", { detail: "text/html files are not accepted.", detected: "text/html" })).text)
      .toBe("text/html files are not accepted.");
  });

  it("says the limit of a file too large from its extensions, also the gateway's payload-too-large", () => {
    expect(describeRefusal(problem(413, "file-too-large", { limitBytes: 26_214_400 })).text).toBe("The file is larger than the 25 MB limit.");
    expect(describeRefusal(problem(413, "payload-too-large")).text).toBe("The file is too large.");
  });

  it("names the detected type of a refused file", () => {
    expect(describeRefusal(problem(415, "unsupported-media-type", { detected: "text/html" })).text)
      .toBe("Files of this type (text/html) can’t be attached.");
  });

  it("gives the quota's figures and points at Settings → Files", () => {
    const refusal = describeRefusal(problem(409, "quota-exceeded", { usedBytes: 1_073_000_000, quotaBytes: 1_073_741_824, usedFiles: 12, quotaFiles: 1000 }));
    expect(refusal).toEqual({ text: "Your file storage is full (1,023 MB of 1 GB, 12 of 1,000 files used).", quota: true, retryable: false });
  });

  it("offers to try again after a lost connection or an outage, not after a validation problem", () => {
    expect(describeRefusal(new ApiError(0, { type: "network" }))).toMatchObject({ retryable: true, text: expect.stringMatching(/interrupted/) });
    expect(describeRefusal(problem(503, "service-unavailable", { detail: "attachment-service is unavailable." })))
      .toEqual({ text: "attachment-service is unavailable.", quota: false, retryable: true });
    expect(describeRefusal(new ApiError(400, { type: "urn:t3chat:problem:validation", errors: [{ field: "file", message: "The file is empty." }] })))
      .toEqual({ text: "The file is empty.", quota: false, retryable: false });
  });
});
