import { useCallback, useEffect, useReducer, useRef } from "react";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { showToast } from "../ui/toasts";
import { attachmentQuery, deleteAttachment, uploadAttachment } from "./attachmentQueries";
import {
  chipState, draftReducer, MAX_FILES_PER_MESSAGE, refusedBeforeUpload, sendBlocker, type ChipState, type DraftFile,
} from "./draft";
import { describeRefusal } from "./refusal";

export interface DraftItem extends DraftFile {
  state: ChipState;
}

export interface AttachmentDraft {
  items: DraftItem[];
  /** The uploaded files' ids, to send with the message. */
  attachmentIds: string[];
  /** Why the message cannot be sent yet (files still uploading, files that cannot be used), or null. */
  blocker: string | null;
  add: (files: Iterable<File>) => void;
  /** Takes a file off the message; one already uploaded is deleted. */
  remove: (key: string) => void;
  retry: (key: string) => void;
  /** After the message was sent: the files now belong to it. */
  clear: () => void;
}

let nextKey = 1;

/**
 * The files attached to the message being written (in `chatId`, or in a chat not created yet): uploads them at
 * once, follows their processing, removes them. Uploads still running when the view goes away are cancelled.
 */
export function useAttachmentDraft(chatId: string | null): AttachmentDraft {
  const queryClient = useQueryClient();
  const [files, dispatch] = useReducer(draftReducer, []);
  const uploads = useRef(new Map<string, AbortController>());
  const count = useRef(0);
  count.current = files.length;

  useEffect(() => {
    const running = uploads.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const start = useCallback((key: string, file: File) => {
    const tooLarge = refusedBeforeUpload(file);
    if (tooLarge) {
      dispatch({ type: "refused", key, error: tooLarge });
      return;
    }
    const controller = new AbortController();
    uploads.current.set(key, controller);
    uploadAttachment(queryClient, file, {
      chatId,
      signal: controller.signal,
      onProgress: (loaded, total) => dispatch({ type: "progressed", key, loaded, total }),
    })
      .then((attachment) => {
        if (controller.signal.aborted) void deleteAttachment(queryClient, attachment.id).catch(() => {});
        else dispatch({ type: "uploaded", key, attachmentId: attachment.id });
      })
      .catch((error) => {
        if (!controller.signal.aborted) dispatch({ type: "refused", key, error });
      })
      .finally(() => {
        if (uploads.current.get(key) === controller) uploads.current.delete(key);
      });
  }, [chatId, queryClient]);

  const add = useCallback((incoming: Iterable<File>) => {
    const list = [...incoming];
    const room = Math.max(0, MAX_FILES_PER_MESSAGE - count.current);
    if (list.length > room) {
      showToast({ text: `A message can carry at most ${MAX_FILES_PER_MESSAGE} files.`, tone: "error" });
    }
    const added = list.slice(0, room).map((file) => ({ key: `draft-${nextKey++}`, file }));
    if (added.length === 0) return;
    count.current += added.length;
    dispatch({ type: "added", files: added });
    for (const { key, file } of added) start(key, file);
  }, [start]);

  const filesRef = useRef(files);
  filesRef.current = files;

  const remove = useCallback((key: string) => {
    const file = filesRef.current.find((f) => f.key === key);
    uploads.current.get(key)?.abort();
    uploads.current.delete(key);
    dispatch({ type: "removed", key });
    if (file?.attachmentId) {
      deleteAttachment(queryClient, file.attachmentId).catch((error) =>
        showToast({ text: `${file.file.name} could not be deleted: ${describeRefusal(error).text}`, tone: "error" }));
    }
  }, [queryClient]);

  const retry = useCallback((key: string) => {
    const file = filesRef.current.find((f) => f.key === key);
    if (!file || file.phase !== "refused") return;
    dispatch({ type: "retried", key });
    start(key, file.file);
  }, [start]);

  const clear = useCallback(() => dispatch({ type: "cleared" }), []);

  const ids = files.flatMap((f) => (f.attachmentId ? [f.attachmentId] : []));
  const states = useQueries({ queries: ids.map((id) => attachmentQuery(id)) });
  const byId = new Map(ids.map((id, i) => [id, states[i]]));
  const items = files.map((f): DraftItem => {
    const server = f.attachmentId ? byId.get(f.attachmentId) : undefined;
    return { ...f, state: chipState(f, server?.data, server?.error) };
  });
  const blocker = sendBlocker(items.map((item) => item.state));

  return { items, attachmentIds: ids, blocker, add, remove, retry, clear };
}
