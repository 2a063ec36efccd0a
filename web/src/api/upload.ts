import { accessToken, beginLogin, refreshAfterRejection } from "../auth/session";
import { ApiError } from "./problem";

export interface UploadOptions {
  /** The multipart part's name. */
  field?: string;
  /** Bytes of the request body sent so far, and in all (the multipart envelope included). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * Posts one file as multipart/form-data with the bearer token and reports the upload's progress. XMLHttpRequest,
 * not fetch: only it reports how much of a request body has been sent (a streaming fetch body needs HTTP/2).
 * Like {@link api}: refreshes the token once after a 401 (the file is then sent again), answers the parsed JSON,
 * throws an {@link ApiError} for a problem answer and for a network failure (status 0), an AbortError when aborted.
 */
export async function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  let answer = await send(path, file, options, await accessToken());
  if (answer.status === 401) {
    const renewed = await refreshAfterRejection();
    if (!renewed) {
      await beginLogin();
      throw new ApiError(401, { type: "urn:t3chat:problem:unauthorized", detail: "Your session ended. Signing in again…" });
    }
    options.onProgress?.(0, file.size);
    answer = await send(path, file, options, renewed);
  }
  const body = parse(answer.text);
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, body ?? {});
  return body as T;
}

function parse(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(path: string, file: File, options: UploadOptions, token: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new DOMException("The upload was cancelled.", "AbortError"));
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const done = () => signal?.removeEventListener("abort", onAbort);
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, { type: "network", detail: "The server could not be reached. Check your connection." }));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException("The upload was cancelled.", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort);
    const form = new FormData();
    form.append(options.field ?? "file", file, file.name);
    xhr.send(form);
  });
}
