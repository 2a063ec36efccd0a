/**
 * Files and previews come from our API with the bearer token, so they cannot be plain `<img src>` or `<a href>`
 * targets: they are fetched, then shown or saved as `blob:` URLs (the Content-Security-Policy allows `blob:`
 * for images), each revoked when no longer needed.
 */
import { useEffect, useState } from "react";
import { apiResponse } from "../api/http";

export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await apiResponse(path, { headers: { Accept: "*/*" }, signal });
  return response.blob();
}

/** A `blob:` URL of `path`'s bytes while the component is mounted (null while loading, or without a path). */
export function useBlobUrl(path: string | null): { url: string | null; error: unknown } {
  const [state, setState] = useState<{ path: string | null; url: string | null; error: unknown }>({ path: null, url: null, error: null });
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    let url: string | null = null;
    fetchBlob(path, controller.signal)
      .then((blob) => {
        url = URL.createObjectURL(blob);
        setState({ path, url, error: null });
      })
      .catch((error) => {
        if (!controller.signal.aborted) setState({ path, url: null, error });
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [path]);
  return state.path === path ? { url: state.url, error: state.error } : { url: null, error: null };
}

/** A `blob:` URL of a local file (a chip's thumbnail before the upload), revoked when unmounted. */
export function useFileUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return;
    const created = URL.createObjectURL(file);
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [file]);
  return url;
}

/** Downloads `path` and saves it under `name` (the browser's own download, from a short-lived `blob:` URL). */
export async function saveFile(path: string, name: string): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(path));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the download has taken the bytes by then; revoking at once can cancel it in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
